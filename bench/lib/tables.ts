/** The Markdown tables of lab-notes/performance.md, from a results file. Figures only: the page's prose is written by hand. */
import { boundedRatio, generatorBound, generatorCpu, num, pct, range, ratio, ratioWithGenerator, times } from './format';
import { PEER_LABELS, type PeerId } from './peer-labels';
import { find, headline, type BenchResults, type PeerResult, type ScenarioResult, type Summary } from './results';

/** The columns of the summary, in order; the sink only where a run measured it. */
const PEER_ORDER: PeerId[] = ['ours', 'ours-on', 'c', 'python', 'naive', 'sink'];
/** Scenarios whose headline is not a rate, so a ratio to C says nothing. */
const NO_RATIO = ['big', 'idle', 'classic'];

function headlineCell(scenario: ScenarioResult, peer: PeerResult | undefined, c: Summary | null): string {
  if (!peer) return '';
  if (peer.status !== 'ok' || !peer.summary) return peer.status === 'skipped' ? 'skipped' : '**failed**';
  const x = peer.summary;
  const h = headline(scenario.id, x);
  let cell = `${num(h.value)} ${h.unit}`;
  if (scenario.id === 'big' && x.extra.timedOut) cell = `no reply in ${num(Number(x.extra.sendMs) / 1000)} s; RSS +${num(h.value)} MB`;
  if (NO_RATIO.includes(scenario.id)) cell += ` (${generatorCpu(x)})`;
  else if (peer.peer === 'c') cell += ` (${generatorCpu(x)}${generatorBound(x) ? ', generator-bound' : ''})`;
  else if (c) cell += ` (${ratioWithGenerator(h.value, headline(scenario.id, c).value, x, c)})`;
  if (x.mismatches > 0) cell += ` ⚠ ${pct(x.mismatches, x.answered)} wrong`;
  return cell;
}

export function summaryTable(results: BenchResults): string {
  const hasSink = results.scenarios.some((s) => s.peers.some((p) => p.peer === 'sink'));
  const peers = PEER_ORDER.filter((p) => p !== 'sink' || hasSink);
  const lines = [`| scenario | ${peers.map((p) => PEER_LABELS[p]).join(' | ')} |`, `|---|${peers.map(() => '---:').join('|')}|`];
  for (const s of results.scenarios) {
    if (s.id === 'workers') continue;
    const c = find(results, s.id, 'c');
    lines.push(`| ${s.number}. ${s.title} | ${peers.map((p) => headlineCell(s, s.peers.find((x) => x.peer === p), c)).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Server CPU per message answered, user + kernel, in µs. */
const cpuPerMessage = (s: Summary): number | null => (s.userMicrosPerMsg === null || s.sysMicrosPerMsg === null ? null : s.userMicrosPerMsg + s.sysMicrosPerMsg);

/**
 * The four figures issue 13 asks for, both modes and C side by side, and the servers' CPU per
 * pipelined message: a ratio of what each server spent, which no generator limit can flatter.
 */
const MODE_ROWS: { scenario: string; what: string; pick: (s: Summary) => number | null; ratio: 'throughput' | 'cost' | 'none' }[] = [
  { scenario: 'pipelined', what: 'Pipelined 64 B (3), msg/s', pick: (s) => s.msgsPerSec?.median ?? null, ratio: 'throughput' },
  { scenario: 'pipelined', what: 'Pipelined 64 B (3), server CPU per message, µs (user + kernel)', pick: cpuPerMessage, ratio: 'cost' },
  { scenario: 'lines1m', what: '1 MiB lines (4), MB/s', pick: (s) => s.mbPerSec?.median ?? null, ratio: 'throughput' },
  { scenario: 'big', what: 'RSS growth on one huge message (5), MB (worst run)', pick: (s) => (s.extra.rssGrowthMB as number | null) ?? null, ratio: 'none' },
  { scenario: 'pingpong', what: 'Ping-pong p99 (1), ms', pick: (s) => s.p99Ms?.median ?? null, ratio: 'throughput' },
];

export function modesTable(results: BenchResults): string {
  const lines = [
    `| figure | ${PEER_LABELS.ours} | ${PEER_LABELS['ours-on']} | ${PEER_LABELS.c} | off / C | on / C |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of MODE_ROWS) {
    const [off, on, c] = (['ours', 'ours-on', 'c'] as const).map((peer) => find(results, row.scenario, peer));
    const cell = (s: Summary | null): string => (s ? `${num(row.pick(s))} (${generatorCpu(s)})` : 'not measured');
    // The generator's CPU of each run is in the cells beside the ratio; a ratio of server CPU costs does not depend on it.
    const vsC = (s: Summary | null): string => {
      if (!s || !c || row.ratio === 'none') return '–';
      return row.ratio === 'cost' ? times(ratio(row.pick(s), row.pick(c))) : boundedRatio(row.pick(s), row.pick(c), s, c);
    };
    lines.push(`| ${row.what} | ${cell(off)} | ${cell(on)} | ${cell(c)} | ${vsC(off)} | ${vsC(on)} |`);
  }
  return lines.join('\n');
}

export function targetsTable(results: BenchResults): string {
  const lines = ['| target (issues 5 and 13) | measured | bound | |', '|---|---:|---:|---|'];
  for (const t of results.targets.filter((x) => x.group === undefined)) {
    const verdict = t.pass !== null ? (t.pass ? '**met**' : '**missed**') : t.note?.startsWith('generator-bound') ? 'generator-bound: not a result' : 'not measured';
    lines.push(`| ${t.description}${t.note ? ` (${t.note})` : ''} | ${t.value === null ? '–' : num(t.value)} | ${t.bound} | ${verdict} |`);
  }
  return lines.join('\n');
}

function scenarioTable(results: BenchResults, s: ScenarioResult): string {
  const c = find(results, s.id, 'c');
  const cHead = headline(s.id, c);
  const idle = s.id === 'idle';
  const big = s.id === 'big';
  const cols = ['peer'];
  if (!idle) cols.push('msg/s', 'MB/s');
  if (big) cols.push('time to reply ms');
  else if (!idle) cols.push('p50 ms', 'p99 ms', 'max ms');
  cols.push('server CPU % (kernel)');
  if (!idle) cols.push('server CPU µs per message (user + kernel)');
  cols.push('generator CPU %', 'server peak RSS MiB');
  if (idle) cols.push('KB per connection', 'connections opened per s');
  if (big) cols.push('RSS growth MB');
  cols.push(`vs C (${cHead.unit || 'headline'})`, 'notes');
  const lines = [`| ${cols.join(' | ')} |`, `|${cols.map((_, i) => (i === 0 || i === cols.length - 1 ? '---' : '---:')).join('|')}|`];
  for (const p of s.peers) {
    const x = p.summary;
    if (p.status !== 'ok' || !x) {
      lines.push(`| ${PEER_LABELS[p.peer]} | ${cols.slice(1, -1).map(() => '–').join(' | ')} | ${p.status}: ${p.note ?? ''} |`);
      continue;
    }
    const row = [PEER_LABELS[p.peer]];
    if (!idle) row.push(range(x.msgsPerSec, x.runs), range(x.mbPerSec, x.runs));
    if (big) row.push(range(x.p50Ms, x.runs));
    else if (!idle) row.push(range(x.p50Ms, x.runs), range(x.p99Ms, x.runs), range(x.maxMs, x.runs));
    row.push(`${num(x.serverCpuPct)} (${num(x.serverSysPct)})`);
    // Below a few % of a core, 10 ms clock ticks make per-message CPU meaningless.
    const cpuOk = x.userMicrosPerMsg !== null && (x.serverCpuPct ?? 0) >= 5;
    if (!idle) row.push(cpuOk ? `${num(x.userMicrosPerMsg)} + ${num(x.sysMicrosPerMsg)}` : '–');
    row.push(`${num(x.loadCpuPct)}${generatorBound(x) ? ' (bound)' : ''}`, num(x.serverPeakRssMiB));
    if (idle) row.push(num(x.extra.kbPerConnection as number), num(x.extra.connectionsPerSec as number));
    if (big) row.push(num(x.extra.rssGrowthMB as number));
    row.push(NO_RATIO.includes(s.id) ? '–' : p.peer === 'c' ? (generatorBound(x) ? 'generator-bound' : '1×') : boundedRatio(headline(s.id, x).value, cHead.value, x, c));
    row.push(peerNotes(p, x, big).join('; '));
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

function peerNotes(p: PeerResult, x: Summary, big: boolean): string[] {
  const notes: string[] = [];
  if (p.note) notes.push(p.note);
  if (big && x.extra.timedOut) notes.push(`no reply after ${num(Number(x.extra.sendMs) / 1000)} s; the server had accepted ${num(Number(x.extra.bytesAccepted) / 1e6)} MB`);
  if (big && x.extra.closedWithoutReply) notes.push('closed the connection without a reply');
  if (x.mismatches > 0) notes.push(`${x.mismatches.toLocaleString('en')} of ${x.answered.toLocaleString('en')} replies wrong (${pct(x.mismatches, x.answered)})`);
  if (x.errors > 0) notes.push(`${x.errors} connection errors (${x.errorSamples.join(', ')})`);
  if (x.unanswered > 0 && !x.extra.timedOut) notes.push(`${x.unanswered} messages unanswered`);
  return notes;
}

export function scenarioTables(results: BenchResults): string {
  return results.scenarios.map((x) => `### ${x.number}. ${x.title}\n\n${x.description}.\n\n${scenarioTable(results, x)}`).join('\n\n');
}

export function syscallTable(results: BenchResults): string {
  const rows: string[] = [];
  for (const s of results.scenarios) {
    for (const p of s.peers) {
      if (!p.syscalls) continue;
      const m = p.syscalls.perMessage;
      rows.push(`| ${s.number}. ${s.title} | ${PEER_LABELS[p.peer]} | ${num(m.total)} | ${num(m.read)} | ${num(m.write)} | ${num(m.wait)} | ${num(p.syscalls.msgsPerSec)} |`);
    }
  }
  if (rows.length === 0) return '_Not counted in this run (perf unavailable, or quick mode)._';
  return ['| scenario | peer | all syscalls / message | reads | writes | epoll waits | msg/s under perf |', '|---|---|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

/** What the naive server answered wrong in the non-ASCII scenarios, by kind of message. */
export function naiveMistakes(results: BenchResults): string {
  const parts: string[] = [];
  for (const id of ['mix', 'mix-invalid']) {
    const s = results.scenarios.find((x) => x.id === id);
    const x = s?.peers.find((p) => p.peer === 'naive')?.summary;
    if (!s || !x) continue;
    const detail = Object.keys(x.answeredByCategory)
      .sort()
      .map((cat) => `${cat} ${pct(x.mismatchesByCategory[cat] ?? 0, x.answeredByCategory[cat])}`)
      .join(', ');
    parts.push(`- **${s.number}. ${s.title}:** ${pct(x.mismatches, x.answered)} of its replies were wrong (${detail}).`);
    const sample = x.mismatchSamples.find((m) => m.category !== 'invalid') ?? x.mismatchSamples[0];
    if (sample) parts.push(`  For example, expected \`${sample.expected}\`, got \`${sample.got}\` (${sample.category}).`);
    const invalid = x.mismatchSamples.find((m) => m.category === 'invalid');
    if (invalid && invalid !== sample) parts.push(`  For invalid UTF-8, expected a line starting \`${invalid.expected}\`, got \`${invalid.got}\`.`);
  }
  return parts.join('\n') || '_Not measured in this run._';
}

export function machineTable(results: BenchResults): string {
  const m = results.machine;
  const s = results.settings;
  return [
    '| | |',
    '|---|---|',
    `| charcount-server | commit ${m.source} |`,
    `| run | ${results.generatedAt.slice(0, 10)}, ${results.mode} mode, ${results.durationSeconds} s |`,
    `| CPU | ${m.cpuModel}, ${m.logicalCpus} logical CPUs, ${m.memoryGiB} GiB |`,
    `| kernel | ${m.kernel} |`,
    `| Node.js | ${m.node} |`,
    `| Python | ${m.python ?? 'not found'} |`,
    `| C compiler | ${m.gcc ?? 'not found'} (\`gcc -O2\`) |`,
    `| pinning | ${m.pinning} |`,
    `| load average | ${m.loadAverageAtStart} at the start, ${m.loadAverageAtEnd} at the end |`,
    `| runs | ${s.runs} per scenario and peer (more for ping-pong), each ${s.warmupMs} ms of warm-up then a ${s.durationMs} ms window; peers take turns run by run |`,
    ...results.notes.map((n) => `| note | ${n} |`),
  ].join('\n');
}
