/** Turns bench results into the terminal lines, lab-notes/performance.md and the SVG chart. */
import { PEER_LABELS, type PeerId } from './peers';
import { WORKER_CPU_SHARE } from './scenarios';
import { renderCheckSection } from './check-report';
import { find, headline, type BenchResults, type PeerResult, type ScenarioResult, type Stat, type Summary } from './results';

// ---- numbers ----------------------------------------------------------------------------

/** Three significant digits, thousands separated: 1,230,000 / 12.3 / 0.0456. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits));
  return Math.abs(rounded) >= 1000 ? Math.round(rounded).toLocaleString('en') : String(rounded);
}

function range(s: Stat | null | undefined, runs: number): string {
  if (!s) return '–';
  if (runs <= 1 || s.min === s.max) return num(s.median);
  return `${num(s.median)} <small>[${num(s.min)}–${num(s.max)}]</small>`;
}

function ratio(x: number | null | undefined, y: number | null | undefined): number | null {
  return x != null && y != null && y > 0 && Number.isFinite(x) ? x / y : null;
}

function times(r: number | null): string {
  return r === null ? '–' : `${num(r, 2)}×`;
}

const LOAD_BOUND_PCT = 90;

// ---- terminal -----------------------------------------------------------------------------

export function renderTerminal(scenario: string, peer: PeerId, result: PeerResult): string {
  const s = result.summary;
  const head = `  ${scenario.padEnd(12)} ${peer.padEnd(7)}`;
  if (result.status !== 'ok' || !s) return `${head} ${result.status}: ${result.note ?? ''}`;
  const parts = [`${num(s.msgsPerSec?.median).padStart(10)} msg/s`, `${num(s.mbPerSec?.median).padStart(6)} MB/s`];
  if (s.p50Ms) parts.push(`p50/p99/max ${num(s.p50Ms.median)}/${num(s.p99Ms?.median)}/${num(s.maxMs?.median)} ms`);
  if (s.userMicrosPerMsg !== null) parts.push(`µs/msg user ${num(s.userMicrosPerMsg)} sys ${num(s.sysMicrosPerMsg)}`);
  parts.push(`cpu ${num(s.serverCpuPct)}% (sys ${num(s.serverSysPct)}%)`, `load ${num(s.loadCpuPct)}%`, `rss ${num(s.serverPeakRssMiB)} MiB`);
  if (s.extra.kbPerConnection != null) parts.push(`${num(s.extra.kbPerConnection as number)} KB/conn`);
  if (s.extra.rssGrowthMB != null) parts.push(`RSS +${num(s.extra.rssGrowthMB as number)} MB`);
  if (s.extra.timedOut) parts.push('TIMED OUT');
  if (s.extra.closedWithoutReply) parts.push('CLOSED WITHOUT REPLY');
  if (result.syscalls) parts.push(`syscalls/msg ${num(result.syscalls.perMessage.total)}`);
  if (s.faultsPerMsg) parts.push(`faults/msg ${num(s.faultsPerMsg)}`);
  if (s.mismatches) parts.push(`WRONG ${s.mismatches}/${s.answered}`);
  if (s.errors) parts.push(`errors ${s.errors}`);
  if (s.unanswered) parts.push(`unanswered ${s.unanswered}`);
  if (result.note) parts.push(`(${result.note})`);
  return `${head} ${parts.join('  ')}`;
}

// ---- markdown ----------------------------------------------------------------------------

const PEER_ORDER: PeerId[] = ['ours', 'c', 'python', 'naive', 'sink'];

function headlineCell(scenario: ScenarioResult, peer: PeerResult | undefined, c: Summary | null): string {
  if (!peer) return '';
  if (peer.status !== 'ok' || !peer.summary) return peer.status === 'skipped' ? 'skipped' : '**failed**';
  const h = headline(scenario.id, peer.summary);
  const ref = headline(scenario.id, c).value;
  let cell = `${num(h.value)} ${h.unit}`;
  if (scenario.id === 'big' && peer.summary.extra.timedOut) cell = `no reply in ${num(Number(peer.summary.extra.sendMs) / 1000)} s; RSS +${num(h.value)} MB`;
  if (peer.peer !== 'c' && ref !== null && h.value !== null && !['big', 'idle', 'classic'].includes(scenario.id)) cell += ` (${times(ratio(h.value, ref))})`;
  if (peer.summary.mismatches > 0) cell += ` ⚠ ${pct(peer.summary.mismatches, peer.summary.answered)} wrong`;
  return cell;
}

function pct(a: number, b: number): string {
  return b > 0 ? `${num((a / b) * 100, 2)} %` : '–';
}

function summaryTable(results: BenchResults): string {
  const hasSink = results.scenarios.some((s) => s.peers.some((p) => p.peer === 'sink'));
  const peers = PEER_ORDER.filter((p) => p !== 'sink' || hasSink);
  const lines = [
    `| scenario | ${peers.map((p) => PEER_LABELS[p]).join(' | ')} |`,
    `|---|${peers.map(() => '---:').join('|')}|`,
  ];
  for (const s of results.scenarios) {
    if (s.id === 'workers') continue;
    const c = find(results, s.id, 'c');
    lines.push(`| ${s.number}. ${s.title} | ${peers.map((p) => headlineCell(s, s.peers.find((x) => x.peer === p), c)).join(' | ')} |`);
  }
  return lines.join('\n');
}

function targetsTable(results: BenchResults): string {
  const lines = ['| target (issue 5) | measured | bound | |', '|---|---:|---:|---|'];
  for (const t of results.targets.filter((x) => x.group === undefined)) {
    const verdict = t.pass === null ? 'not measured' : t.pass ? '**met**' : '**missed**';
    lines.push(`| ${t.description}${t.note ? ` (${t.note})` : ''} | ${num(t.value)} | ${t.bound} | ${verdict} |`);
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
  cols.push('load CPU %', 'server peak RSS MiB');
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
    row.push(num(x.loadCpuPct), num(x.serverPeakRssMiB));
    if (idle) row.push(num(x.extra.kbPerConnection as number), num(x.extra.connectionsPerSec as number));
    if (big) row.push(num(x.extra.rssGrowthMB as number));
    const h = headline(s.id, x);
    row.push(big ? '–' : p.peer === 'c' ? '1×' : times(ratio(h.value, cHead.value)));
    const notes: string[] = [];
    if (p.note) notes.push(p.note);
    if (x.loadCpuPct !== null && x.loadCpuPct >= LOAD_BOUND_PCT && !idle && !big) notes.push('load generator saturated: the server had more to give');
    if (big && x.extra.timedOut) notes.push(`no reply after ${num(Number(x.extra.sendMs) / 1000)} s; the server had accepted ${num(Number(x.extra.bytesAccepted) / 1e6)} MB`);
    if (big && x.extra.closedWithoutReply) notes.push('closed the connection without a reply');
    if (x.mismatches > 0) notes.push(`${x.mismatches.toLocaleString('en')} of ${x.answered.toLocaleString('en')} replies wrong (${pct(x.mismatches, x.answered)})`);
    if (x.errors > 0) notes.push(`${x.errors} connection errors (${x.errorSamples.join(', ')})`);
    if (x.unanswered > 0 && !x.extra.timedOut) notes.push(`${x.unanswered} messages unanswered`);
    row.push(notes.join('; '));
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

function syscallTable(results: BenchResults): string {
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

function naiveSection(results: BenchResults): string {
  const parts: string[] = [];
  for (const id of ['mix', 'mix-invalid']) {
    const s = results.scenarios.find((x) => x.id === id);
    const naive = s?.peers.find((p) => p.peer === 'naive');
    if (!s || !naive?.summary) continue;
    const x = naive.summary;
    const cats = Object.keys(x.answeredByCategory).sort();
    const detail = cats
      .map((cat) => `${cat} ${pct(x.mismatchesByCategory[cat] ?? 0, x.answeredByCategory[cat])}`)
      .join(', ');
    parts.push(`- **${s.number}. ${s.title}:** ${pct(x.mismatches, x.answered)} of its replies were wrong (${detail}).`);
    const sample = x.mismatchSamples.find((m) => m.category !== 'invalid') ?? x.mismatchSamples[0];
    if (sample) parts.push(`  For example, expected \`${sample.expected}\`, got \`${sample.got}\` (${sample.category}).`);
    const invalid = x.mismatchSamples.find((m) => m.category === 'invalid');
    if (invalid && invalid !== sample) parts.push(`  For invalid UTF-8, expected a line starting \`${invalid.expected}\`, got \`${invalid.got}\`.`);
  }
  return parts.join('\n');
}

/** The analysis, with this run's numbers in it. */
function analysis(results: BenchResults): string {
  const get = (scenario: string, peer: PeerId): Summary | null => find(results, scenario, peer);
  const msgs = (scenario: string, peer: PeerId): number | null => get(scenario, peer)?.msgsPerSec?.median ?? null;
  const mbps = (scenario: string, peer: PeerId): number | null => get(scenario, peer)?.mbPerSec?.median ?? null;
  const syscalls = (scenario: string, peer: PeerId): Record<string, number> | undefined =>
    results.scenarios.find((s) => s.id === scenario)?.peers.find((p) => p.peer === peer)?.syscalls?.perMessage;
  const sys = (scenario: string, peer: PeerId, family = 'total'): string => num(syscalls(scenario, peer)?.[family] ?? null);
  const user = (scenario: string, peer: PeerId): string => num(get(scenario, peer)?.userMicrosPerMsg ?? null);
  const kernel = (scenario: string, peer: PeerId): string => num(get(scenario, peer)?.sysMicrosPerMsg ?? null);
  const perMiB = (peer: PeerId, which: 'user' | 'sys'): string => {
    const x = get('lines1m', peer);
    const v = which === 'user' ? x?.userMicrosPerMsg : x?.sysMicrosPerMsg;
    return v == null ? '–' : num(v / 1000, 2);
  };
  const load = (scenario: string, peer: PeerId): string => num(get(scenario, peer)?.loadCpuPct ?? null);
  const idleKb = (peer: PeerId): string => num((get('idle', peer)?.extra.kbPerConnection as number | undefined) ?? null);
  const growth = (peer: PeerId): string => num((get('big', peer)?.extra.rssGrowthMB as number | undefined) ?? null);
  const r = (a: number | null, b: number | null): string => times(ratio(a, b));
  const p99 = (peer: PeerId): string => num(get('pingpong', peer)?.p99Ms?.median ?? null);
  const p50 = (peer: PeerId): string => num(get('pingpong', peer)?.p50Ms?.median ?? null);
  const p99range = (peer: PeerId): string => {
    const x = get('pingpong', peer)?.p99Ms;
    return x ? `${num(x.min)}–${num(x.max)}` : '–';
  };
  const bigSize = results.settings.bigMessageBytes >= 1024 ** 3 ? '1 GiB' : `${results.settings.bigMessageBytes / 1024 ** 2} MiB`;
  const naiveBig = get('big', 'naive');
  const nodelay = get('pipelined', 'naive-nodelay');

  return `### The floor: the kernel, on both ends of loopback

On loopback a TCP write does most of the receiver's work as well: the writing thread runs
the whole TCP/IP path and copies the bytes into the receiver's socket buffer. So with
small messages most of every server's CPU goes to the kernel, whatever language it is
written in, and the load generator pays the same price for its own writes. The C server
shows what is left when user space costs almost nothing: in scenario 3 it spent
${user('pipelined', 'c')} µs of user time and ${kernel('pipelined', 'c')} µs of kernel time per message, while the load generator, alone on
the other core, ran at ${load('pipelined', 'c')} % of it. Where the load generator is saturated (the tables flag it)
the C figure is a lower bound of what C can do, and the ratios to C flatter the others.
charcount-server spent ${user('pipelined', 'ours')} µs of user time per message there, Python ${user('pipelined', 'python')} µs and the naive server ${user('pipelined', 'naive')} µs:
that difference, not the kernel's share, is what separates the peers on small messages.
For bulk bytes, the raw sink of scenario 4 (the same load generator writing the same bytes to
a server that only reads) moved ${num(mbps('lines1m', 'sink'))} MB/s and the C server ${num(mbps('lines1m', 'c'))} MB/s while validating and counting
every byte. The sink is the limit of loopback itself rather than a strict ceiling for a
request/reply protocol: with nothing to send back it spent ${num(get('lines1m', 'sink')?.sysMicrosPerMsg ?? null)} µs of kernel time per MiB, the C
server ${kernel('lines1m', 'c')} µs, because on loopback the kernel charges the TCP work to whichever side's
syscall happens to push the data along.

### Syscalls: one read and one write per batch, not per message

charcount-server, C and Python answer all the messages of one read with one write. In
scenario 3 (up to 16 messages per read) that is ${sys('pipelined', 'ours')}, ${sys('pipelined', 'c')} and ${sys('pipelined', 'python')} syscalls per message
respectively. The naive server calls \`socket.write()\` once per reply: ${sys('pipelined', 'naive', 'write')} write syscalls per
message, ${sys('pipelined', 'naive')} syscalls in all. That, more than its strings, keeps it at ${r(msgs('pipelined', 'naive'), msgs('pipelined', 'c'))} of C on 64-byte
messages.

### Nagle and delayed ACK

The naive server keeps Node's default, Nagle's algorithm on; the others set TCP_NODELAY.
Nagle holds back a small segment while earlier data is unacknowledged; the receiver's
delayed ACK can hold that acknowledgement for up to 40 ms on Linux, and together they
stall a protocol that writes one reply in two pieces or waits for a reply before sending
more. Here every reply is a single write and the load generator's next requests carry the
ACK at once, so the stall does not happen: no ping-pong exchange with the naive server came
near 40 ms (its slowest took ${num(get('pingpong', 'naive')?.maxMs?.median ?? null)} ms, C's ${num(get('pingpong', 'c')?.maxMs?.median ?? null)} ms).
Pipelined, Nagle even helps the naive server: its 16 small writes per read are coalesced
into fewer segments. ${nodelay ? `With TCP_NODELAY (the "naive Node, TCP_NODELAY" row) each reply becomes its own segment: ${num(nodelay.msgsPerSec?.median ?? null)} msg/s and ${kernel('pipelined', 'naive-nodelay')} µs of kernel time per message, against ${num(msgs('pipelined', 'naive'))} msg/s and ${kernel('pipelined', 'naive')} µs with Nagle.` : ''}
The cure for per-message writes is batching them, as the other servers do; after that,
TCP_NODELAY only removes latency.

### Long lines: decoding and reading

With 1 MiB lines the cost moves from syscalls to bytes (CPU per MiB: user + kernel, in ms):

- C (${perMiB('c', 'user')} + ${perMiB('c', 'sys')}): 256 KiB per \`read()\`, \`memchr\` for the newline, validation and counting
  8 bytes at a time over ASCII; ${num(mbps('lines1m', 'c'))} MB/s.
- charcount-server (${perMiB('ours', 'user')} + ${perMiB('ours', 'sys')}): every connection reads into one shared 256 KiB buffer (the
  \`onread\` option of \`net.Socket\`), so a read allocates nothing; that buffer is the memory
  of a small WebAssembly module that counts code points 16 bytes at a time with SIMD, right
  where the kernel put them. Validation is \`buffer.isUtf8\` (simdutf, native, tens of GB/s);
  \`npm run bench:kernel\` measures both. ${num(mbps('lines1m', 'ours'))} MB/s. Before the shared buffer Node read 64 KiB per
  syscall into a new Buffer each time, and counting was a JavaScript word loop: 1,130 MB/s
  on this machine (commit b4369bc, the same bench).
- Python (${perMiB('python', 'user')} + ${perMiB('python', 'sys')}): the incremental decoder builds a \`str\` for every read only to take its
  \`len\`, and every 256 KiB read is a new \`bytes\` object (large allocations are fresh
  memory: ${num(get('lines1m', 'python')?.faultsPerMsg ?? null)} page faults per MiB); ${num(mbps('lines1m', 'python'))} MB/s.
- naive (${perMiB('naive', 'user')} + ${perMiB('naive', 'sys')}): appends every read to the line as a string and splits the whole
  line again on every read, which is quadratic in the line length; ${num(mbps('lines1m', 'naive'))} MB/s.

### Memory

A streaming counter keeps memory flat however long the message: for one ${bigSize} message
the C server's RSS grew ${growth('c')} MB and Python's ${growth('python')} MB. charcount-server's grew ${growth('ours')} MB: its decoder holds
no message bytes and every read lands in the same shared buffer. (With Node's default of a
fresh 64 KiB Buffer per read it grew 84.9 MB at commit b4369bc: those buffers live outside the JavaScript
heap and are freed only by the next garbage collection, and V8 lets tens of MB of such
external memory pile up before it collects.) The naive server ${naiveBig?.extra.timedOut ? `had not answered after ${num(Number(naiveBig.extra.sendMs) / 1000)} s, having read ${num(Number(naiveBig.extra.bytesAccepted) / 1e6)} MB, and its RSS had grown ${growth('naive')} MB` : naiveBig ? `grew ${growth('naive')} MB` : 'was not measured'}.
Per idle connection (scenario 6, after one exchange each): C ${idleKb('c')} KB (a small struct and an
output buffer; socket buffers live in the kernel, outside any RSS), Python ${idleKb('python')} KB (a transport
and a protocol object), charcount-server ${idleKb('ours')} KB and the naive server ${idleKb('naive')} KB: a Node socket is a
stream object with its own state, listeners and libuv handle, and charcount-server adds a
decoder and its timers.

### Latency

Ping-pong on one connection (scenario 1) measures the round trip: p50 ${p50('ours')} ms for
charcount-server and ${p50('c')} ms for C, p99 ${p99('ours')} and ${p99('c')} ms (from run to run, p99 ranged over
${p99range('ours')} ms and ${p99range('c')} ms: on a shared machine the tail is mostly other jobs taking the CPU).
Every server reads and writes once per exchange; the Node servers also wake up twice
(${sys('pingpong', 'ours', 'wait')} \`epoll_wait\` calls per message for charcount-server, ${sys('pingpong', 'c', 'wait')} for C), and spend ${user('pingpong', 'ours')} µs of user
time per exchange against C's ${user('pingpong', 'c')} µs: the event loop's own work, and now and then a garbage
collection. With 100 connections (scenario 2) no server kept a core busy: the round trip
through two processes and the scheduler is the limit there, and differences of a few tens
of percent are within this machine's noise. Connection churn (scenario 7) is per-connection
work: ${user('churn', 'ours')} µs of user time per connection for charcount-server, ${user('churn', 'naive')} µs for the naive server, ${user('churn', 'python')} µs
for Python and ${user('churn', 'c')} µs for C (plus about ${kernel('churn', 'c')} µs in the kernel for everyone: accept, close).
A Node socket is set up and torn down by the stream machinery either way; charcount-server
adds a connection object, a decoder, several timers (idle timeout, close linger) and its
open and close log events.
Classic clients (scenario 8) wait for the quiet period, by design: p50 ${num(get('classic', 'ours')?.p50Ms?.median ?? null)} ms for
charcount-server, ${num(get('classic', 'c')?.p50Ms?.median ?? null)} ms for C.

${multiCore(results)}

${outOfReach(results)}`;
}

/** Scenario 10: how WORKERS scales, measured with CPU quotas because the load generator needs the same CPUs. */
function multiCore(results: BenchResults): string {
  const one = find(results, 'workers', 'ours');
  const two = find(results, 'workers', 'ours-2w');
  const skipped = results.scenarios.find((s) => s.id === 'workers')?.peers.find((p) => p.status !== 'ok');
  if (!one || !two) return `### Multi-core\n\nScenario 10 (WORKERS=2) was ${skipped?.note ?? 'not run'}.`;
  const msgs = (x: Summary): string => num(x.msgsPerSec?.median ?? null);
  const cpu = (x: Summary): string => num(x.serverCpuPct);
  const perMsg = (x: Summary): string => num((x.userMicrosPerMsg ?? 0) + (x.sysMicrosPerMsg ?? 0));
  return `### Multi-core

With \`WORKERS=2\` two server processes listen on the same port (SO_REUSEPORT) and the kernel
spreads new connections over them. On a 2-CPU machine whose load generator needs CPU too,
scenario 10 holds each server process to its own CPU and ${num(WORKER_CPU_SHARE * 100)} % of it with a cgroup
CPU quota, and lets the load generator use the rest of both CPUs ([bench/README.md](../bench/README.md#multi-core-the-workers-setting)).
One worker then used ${cpu(one)} % of a CPU for ${msgs(one)} msg/s, two used ${cpu(two)} % in all for ${msgs(two)} msg/s:
${times(ratio(two.msgsPerSec?.median, one.msgsPerSec?.median))}, at ${perMsg(one)} and ${perMsg(two)} µs of CPU per message. The workers share
nothing but the listening port, so each brings its own CPU's worth of messages.`;
}

/**
 * Scenario 3's Python and naive targets, set against what the kernel alone costs per
 * message: the bound no user-space code can beat on this machine.
 */
function outOfReach(results: BenchResults): string {
  const ours = find(results, 'pipelined', 'ours');
  const python = find(results, 'pipelined', 'python');
  const naive = find(results, 'pipelined', 'naive');
  if (!ours || !python || !naive || ours.sysMicrosPerMsg == null) return '';
  const total = (x: Summary): number => (x.userMicrosPerMsg ?? 0) + (x.sysMicrosPerMsg ?? 0);
  const kernelShare = ours.sysMicrosPerMsg;
  return `### Two targets no server can meet here

Issue 5 asks for 3× the Python server and 20× the naive one in scenario 3. On loopback every
message costs each server kernel time for its share of TCP, whatever the language:
charcount-server's was ${num(kernelShare)} µs per message. Python spent ${num(total(python))} µs per message in all and the naive
server ${num(total(naive))} µs, so even a server with no user-space cost at all, only that kernel time, would
handle at most ${times(total(python) / kernelShare)} Python's and ${times(total(naive) / kernelShare)} the naive server's messages per CPU-second.
charcount-server spent ${num(total(ours))} µs per message (user + kernel): ${times(total(python) / total(ours))} Python's and ${times(total(naive) / total(ours))} the naive
server's CPU-efficiency. Its measured throughput ratios are lower still, because the load
generator, on its one CPU, cannot send faster than about ${num(find(results, 'pipelined', 'c')?.msgsPerSec?.median ?? null)} msg/s (the C server's figure).`;
}

export function renderMarkdown(results: BenchResults, chartPath: string): string {
  const m = results.machine;
  const s = results.settings;
  const sections = results.scenarios.map((x) => `### ${x.number}. ${x.title}\n\n${x.description}.\n\n${scenarioTable(results, x)}`).join('\n\n');
  return `# Performance

<!-- Generated by \`npm run bench\` from bench/results/latest.json. Do not edit: run the bench again. -->

How fast is charcount-server, and compared with what? The bench measures it against three
servers of the same protocol, written for the comparison in [bench/peers](../bench/peers),
in the same run and with the same load generator:

- **C epoll**: one thread, epoll, non-blocking sockets, streaming UTF-8 validation and
  counting. The practical ceiling.
- **Python asyncio**: an \`asyncio.Protocol\`, whole lines decoded with \`bytes.decode\`.
- **naive Node**: the server most of us write first: strings, \`split('\\n')\`, \`.length\`,
  one \`write()\` per reply. It also counts wrong (see below).
- **raw loopback**: a C sink that only reads: what loopback itself carries (for bulk bytes).

Every figure is the median of ${s.runs} run${s.runs === 1 ? '' : 's'} (smallest and largest in brackets), and every
ratio is to the C server in the same run. Run on ${results.generatedAt.slice(0, 10)} in ${results.durationSeconds} s (${results.mode} mode).

## Summary

${summaryTable(results)}

In brackets: the ratio to C. For throughput more is better; for latency (scenario 1) less is.

![Throughput relative to the C epoll server](${chartPath})

${targetsTable(results)}

charcount-check has speed targets of its own (how long a student waits for a check): see
[charcount-check: how long a student waits](#charcount-check-how-long-a-student-waits).

## Why each peer lands where it does

${analysis(results)}

## What the naive server gets wrong

\`.length\` counts UTF-16 code units, so an emoji counts 2 and a flag 4; invalid UTF-8 becomes
U+FFFD and is counted instead of answered with an \`ERROR\` line. Every reply in scenarios 9a
and 9b was checked:

${naiveSection(results) || '_Not measured in this run._'}

charcount-server, the C server and the Python server answered every checked message right (the bench fails otherwise).

## Results by scenario

${sections}

## Syscalls per message

Counted by the kernel's syscall tracepoints (\`perf stat\`) in one extra run per peer; perf
slows syscalls down, so those runs are not used for any other figure.

${syscallTable(results)}

${renderCheckSection(results)}

## Machine and method

| | |
|---|---|
| charcount-server | commit ${m.source} |
| CPU | ${m.cpuModel}, ${m.logicalCpus} logical CPUs, ${m.memoryGiB} GiB |
| kernel | ${m.kernel} |
| Node.js | ${m.node} |
| Python | ${m.python ?? 'not found'} |
| C compiler | ${m.gcc ?? 'not found'} (\`gcc -O2\`) |
| pinning | ${m.pinning} |
| load average | ${m.loadAverageAtStart} at the start, ${m.loadAverageAtEnd} at the end |
| runs | ${s.runs} per scenario and peer, each ${s.warmupMs} ms of warm-up then a ${s.durationMs} ms window; peers take turns run by run |

${results.notes.map((n) => `- ${n}`).join('\n')}
- The load generator is TypeScript on worker threads (one per CPU left after the
  server's), on raw \`net\` sockets with TCP_NODELAY: each batch of messages is one write,
  replies are found with \`Buffer.indexOf\` and checked against the expected bytes without
  decoding, round trips go into an HdrHistogram (\`perf_hooks.createHistogram\`).
  MB/s counts request bytes (1 MB = 10⁶ bytes; KB = 10³ bytes; RSS in MiB).
- Server CPU and peak RSS come from \`/proc/PID/stat\` and \`/proc/PID/status\` (VmRSS sampled
  every 20 ms and VmHWM, reset through \`clear_refs\` at the start of each window). Load CPU
  is the load generator's own process.
- charcount-server runs as shipped (\`node dist/server/main.js\`) with \`--log-level warn\`, on
  127.0.0.1, with UTF-8 validation always on; scenario 5 adds \`--max-message-bytes 0\`
  and scenario 6 raises \`--max-connections\`. All servers use a 150 ms quiet period, except in scenarios 4 and 5 (strict line mode).
- The machine is shared: other jobs can steal CPU from a run. The brackets show how much
  runs disagreed; the turn-taking spreads a noisy moment over every peer.

## Reproduce

\`\`\`sh
npm ci
npm run bench             # the full suite (under 10 minutes); rewrites this page
npm run bench -- --quick  # about a minute and a half; prints the tables, does not touch this page
npm run bench -- --only checker  # charcount-check's timings alone; rewrites their section of this page
npm run bench -- --help   # scenarios, peers, runs, profiling
npm run bench:kernel      # the code-point counting kernels alone
\`\`\`
`;
}

// ---- SVG ----------------------------------------------------------------------------------

const COLORS: Record<PeerId, string> = { ours: '#2f6fdf', 'ours-2w': '#7fa8ef', c: '#555555', python: '#e0a100', naive: '#d0453a', 'naive-nodelay': '#f0908a', sink: '#4caf50' };

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Throughput of each peer relative to C, per scenario, on a log scale. */
export function renderSvg(results: BenchResults): string {
  const groups: { label: string; bars: { peer: PeerId; value: number; text: string }[] }[] = [];
  for (const s of results.scenarios) {
    if (['big', 'idle', 'classic'].includes(s.id)) continue;
    const c = find(results, s.id, 'c');
    const cValue = s.id === 'pingpong' ? c?.msgsPerSec?.median : headline(s.id, c).value;
    if (!cValue) continue;
    const bars: { peer: PeerId; value: number; text: string }[] = [];
    for (const peer of PEER_ORDER) {
      if (peer === 'c') continue;
      const x = find(results, s.id, peer);
      const v = s.id === 'pingpong' ? x?.msgsPerSec?.median : headline(s.id, x).value;
      if (!v) continue;
      bars.push({ peer, value: v / cValue, text: `${num(v / cValue, 2)}×` });
    }
    const unit = s.id === 'lines1m' ? 'MB/s' : s.id === 'churn' ? 'connections/s' : 'msg/s';
    groups.push({ label: `${s.number}. ${s.title} (${unit})`, bars });
  }
  const all = groups.flatMap((g) => g.bars.map((b) => b.value));
  const minLog = Math.floor(Math.log10(Math.min(0.1, ...all)));
  const maxLog = Math.max(0.5, Math.log10(Math.max(1.5, ...all)));
  const left = 20;
  const plotLeft = 20;
  const plotWidth = 560;
  const width = plotLeft + plotWidth + 120;
  const barH = 13;
  const x = (v: number): number => plotLeft + ((Math.log10(v) - minLog) / (maxLog - minLog)) * plotWidth;
  const parts: string[] = [];
  let y = 58;
  for (const g of groups) {
    parts.push(`<text x="${left}" y="${y}" class="g">${escapeXml(g.label)}</text>`);
    y += 6;
    for (const b of g.bars) {
      const w = Math.max(1, x(b.value) - plotLeft);
      parts.push(`<rect x="${plotLeft}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[b.peer]}"><title>${escapeXml(PEER_LABELS[b.peer])}: ${b.text}</title></rect>`);
      parts.push(`<text x="${(plotLeft + w + 4).toFixed(1)}" y="${y + barH - 3}" class="v">${b.text}</text>`);
      y += barH + 2;
    }
    y += 16;
  }
  const height = y + 20;
  const ticks: string[] = [];
  for (let e = minLog; e <= Math.floor(maxLog); e++) {
    const v = 10 ** e;
    const tx = x(v);
    ticks.push(`<line x1="${tx.toFixed(1)}" y1="40" x2="${tx.toFixed(1)}" y2="${height - 22}" class="${e === 0 ? 'one' : 'grid'}"/>`);
    ticks.push(`<text x="${tx.toFixed(1)}" y="${height - 8}" class="t">${v >= 1 ? v : v.toString()}×</text>`);
  }
  const legend = PEER_ORDER.filter((p) => p !== 'c' && groups.some((g) => g.bars.some((b) => b.peer === p)))
    .map((p, i) => `<rect x="${left + i * 165}" y="24" width="10" height="10" fill="${COLORS[p]}"/><text x="${left + i * 165 + 14}" y="33" class="l">${escapeXml(PEER_LABELS[p])}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">
<style>.g{font-size:12px;font-weight:bold;fill:#222}.v{font-size:11px;fill:#222}.t{font-size:11px;fill:#555;text-anchor:middle}.l{font-size:11px;fill:#222}.grid{stroke:#ddd}.one{stroke:#555;stroke-dasharray:4 3}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${left}" y="16" font-size="13" font-weight="bold">Throughput relative to the C epoll server in the same run (log scale; C = 1×, dashed)</text>
${legend}
${ticks.join('\n')}
${parts.join('\n')}
</svg>
`;
}
