/**
 * npm run bench [-- options]: measures charcount-server against a C epoll server, a Python
 * asyncio server and a naive Node server, in the same run, with the same load generator,
 * on loopback only; then times charcount-check itself (the checker group). See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultBuildDir, PeerCommands, ROOT, startPeer, type PeerId, type RunningPeer, type StartOptions } from './lib/peers';
import { cpuBudgetUnavailable } from './lib/cpu-budget';
import { LoadPool } from './lib/pool';
import { renderMarkdown, renderSvg, renderTerminal } from './lib/report';
import { renderCheckTerminal } from './lib/check-report';
import { mergeChecks } from './lib/check-results';
import { CHECK_FIXTURES, CHECK_GROUP, CHECKS, runChecks } from './lib/checks';
import { compactJson, evaluateTargets, slimRuns, summarize, type BenchResults, type PeerResult, type ScenarioResult } from './lib/results';
import { countsPerMessage, syscallEvents } from './lib/syscalls';
import { FULL, measure, QUICK, SCENARIOS, type RunMetrics, type Settings } from './lib/scenarios';
import { allowedCpus, machineDescription, sourceVersion } from './lib/machine';

const PEER_IDS_TEXT = 'ours,ours-2w,c,python,naive,naive-nodelay,sink';
const USAGE = `Usage: npm run bench -- [options]

  --quick                 short runs, 1,000 idle connections, a 64 MiB message instead of 1 GiB, one run of each
                          check (about a minute and a half)
  --only IDS              scenarios to run, comma-separated: ${SCENARIOS.map((s) => s.id).join(',')}
                          and the checker group (${CHECK_GROUP}: all of ${CHECKS.map((c) => c.id).join(',')}), which times
                          charcount-check; checker scenarios alone (not --quick) are merged into bench/results/latest.json
                          and rewrite their section of lab-notes/performance.md
  --peers IDS             peers to run: ${PEER_IDS_TEXT}
  --runs N                measured runs per scenario and peer (median reported)
  --duration-ms MS        measured window per run
  --warmup-ms MS          warm-up before each window
  --load-workers N        load generator worker threads (default: one per CPU left after the server's)
  --no-pin                do not pin the server and the load generator to separate CPUs
  --enforce-targets       exit 1 when a target (issue 5's, or the checker's) is missed (otherwise reported only)
  --report-only           rewrite lab-notes/performance.md and the chart from bench/results/latest.json
                          (with --out FILE: print the page for that results file instead)
  --syscalls / --no-syscalls  count syscalls per message with perf in one extra run (default: on in full runs)
  --ours-main FILE         run this compiled server as "ours" instead of dist/server/main.js (A/B a change)
  --ours-workers N        run "ours" with --workers N in every scenario (needs --no-pin: pinning would put every
                          worker on one CPU); scenario 10 measures WORKERS=2 on a small machine instead
  --profile DIR           run our server with node --cpu-prof, profiles written to DIR (one per scenario)
  --out FILE              results file (default: bench/results/latest.json for a full run, quick.json otherwise)

A full run with every scenario and peer writes bench/results/latest.json, bench/results/performance.svg
and lab-notes/performance.md; quick and partial runs write bench/results/quick.json and print the tables.
Exit code 1: our server (or the C or Python peer) crashed, answered wrong or not at all, a charcount-check run
did not exit 0, or --enforce-targets failed.`;

const RESULTS_DIR = join(ROOT, 'bench', 'results');
const LATEST = join(RESULTS_DIR, 'latest.json');
const CHART = join(RESULTS_DIR, 'performance.svg');
const NOTES = join(ROOT, 'lab-notes', 'performance.md');
/** Peers whose wrong or missing replies fail the run (the naive peer is wrong on purpose). */
const MUST_BE_RIGHT: PeerId[] = ['ours', 'c', 'python'];
const PEER_IDS: PeerId[] = ['ours', 'ours-2w', 'c', 'python', 'naive', 'naive-nodelay', 'sink'];

/** A mistake on the command line: reported in one line with the fix, without a stack trace. */
class UsageError extends Error {}

function listFrom<T extends string>(option: string, value: string | undefined, known: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!known.includes(item as T)) throw new UsageError(`${option}: unknown name "${item}"; choose from ${known.join(', ')}`);
  }
  return items as T[];
}

function parseCommandLine() {
  try {
    return parseOptions();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see npm run bench -- --help`);
  }
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      peers: { type: 'string' },
      runs: { type: 'string' },
      'duration-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      'load-workers': { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      'no-syscalls': { type: 'boolean', default: false },
      'enforce-targets': { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      profile: { type: 'string' },
      syscalls: { type: 'boolean' },
      'ours-main': { type: 'string' },
      'ours-workers': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  return values;
}

function wholeNumber(option: string, value: string, smallest: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < smallest) throw new UsageError(`${option} must be a whole number from ${smallest}, got "${value}"`);
  return number;
}

/** --only, split into the server's scenarios and the checker group's (undefined: every one). */
function selection(only: string | undefined): { scenarios?: string[]; checks: typeof CHECKS } {
  const checkIds = CHECKS.map((c) => c.id);
  const items = listFrom('--only', only, [...SCENARIOS.map((s) => s.id), ...checkIds, CHECK_GROUP]);
  if (items === undefined) return { checks: CHECKS };
  const wanted = items.includes(CHECK_GROUP) ? checkIds : items;
  return { scenarios: items.filter((id) => SCENARIOS.some((s) => s.id === id)), checks: CHECKS.filter((c) => wanted.includes(c.id)) };
}

/** Rewrites the page and the chart from these results (which are, or are about to be, latest.json). */
function writePage(results: BenchResults): void {
  writeFileSync(CHART, renderSvg(results));
  writeFileSync(NOTES, renderMarkdown(results, relative(join(ROOT, 'lab-notes'), CHART)));
  console.log(`lab notes: ${relative(ROOT, NOTES)} (chart ${relative(ROOT, CHART)})`);
}

async function main(): Promise<void> {
  const args = parseCommandLine();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (args['report-only']) {
    const source = args.out ? resolve(args.out) : LATEST;
    const results = JSON.parse(readFileSync(source, 'utf8')) as BenchResults;
    if (source !== LATEST) {
      // Any other results file is only previewed: the lab notes come from latest.json.
      process.stdout.write(renderMarkdown(results, relative(join(ROOT, 'lab-notes'), CHART)));
      return;
    }
    writePage(results);
    return;
  }

  const started = performance.now();
  const settings: Settings = { ...(args.quick ? QUICK : FULL) };
  if (args.runs) settings.runs = wholeNumber('--runs', args.runs, 1);
  if (args['duration-ms']) settings.durationMs = wholeNumber('--duration-ms', args['duration-ms'], 100);
  if (args['warmup-ms']) settings.warmupMs = wholeNumber('--warmup-ms', args['warmup-ms'], 0);
  const only = selection(args.only);
  const onlyScenarios = only.scenarios;
  const onlyPeers = listFrom('--peers', args.peers, PEER_IDS);
  const profileDir = args.profile ? resolve(args.profile) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const oursWorkers = wholeNumber('--ours-workers', args['ours-workers'] ?? '1', 1);
  if (oursWorkers > 1 && !args['no-pin']) throw new UsageError('--ours-workers needs --no-pin: pinning the server to one CPU would put every worker on it');
  const partial = oursWorkers > 1 || args['ours-main'] !== undefined || profileDir !== undefined || onlyScenarios !== undefined || onlyPeers !== undefined || args.runs !== undefined || args['duration-ms'] !== undefined;
  const mode: BenchResults['mode'] = args.quick ? 'quick' : partial ? 'partial' : 'full';
  /**
   * The whole suite stays inside these; scenarios that would start later are skipped. A full
   * run leaves the checker group 2 of its 10 minutes (it takes about one).
   */
  const checkBudgetMs = args.quick ? 45_000 : 120_000;
  const budgetMs = args.quick ? 45_000 : only.checks.length > 0 ? 570_000 - checkBudgetMs : 570_000;

  // Pinning: the server on one CPU, the load generator (this process and its workers) on the others.
  const allowed = args['no-pin'] ? null : allowedCpus();
  let serverCpu: number | undefined;
  let pinning = 'not pinned (--no-pin)';
  if (!args['no-pin']) {
    if (allowed === null) pinning = 'not pinned: taskset not found';
    else if (allowed.length < 2) pinning = `not pinned: only CPU ${allowed.join(',')} available`;
    else {
      serverCpu = allowed[0];
      const loadCpuList = allowed.slice(1).join(',');
      const pinned = spawnSync('taskset', ['-a', '-cp', loadCpuList, String(process.pid)], { encoding: 'utf8' });
      if (pinned.status === 0) pinning = `server on CPU ${serverCpu}, load generator on CPU ${loadCpuList} (taskset)`;
      else {
        serverCpu = undefined;
        pinning = `not pinned: taskset failed (${pinned.stderr.trim()})`;
      }
    }
  }
  const loadCpus = allowed !== null && serverCpu !== undefined ? allowed.slice(1).join(',') : undefined;
  /** Moves the load generator (every thread of this process) onto these CPUs. */
  const pinLoad = (cpuList: string): void => void spawnSync('taskset', ['-a', '-cp', cpuList, String(process.pid)]);
  const loadCpuCount = serverCpu === undefined ? Math.max(1, availableParallelism() - 1) : allowed!.length - 1;
  const workers = args['load-workers'] === undefined ? loadCpuCount : wholeNumber('--load-workers', args['load-workers'], 1);

  const buildDir = defaultBuildDir();
  const notes: string[] = [];
  const commands = new PeerCommands(buildDir);
  if (args['ours-main']) {
    commands.oursMain = resolve(args['ours-main']);
    notes.push(`"ours" is ${relative(ROOT, commands.oursMain)}, not dist/server/main.js.`);
  }
  if (oursWorkers > 1) {
    commands.oursWorkers = oursWorkers;
    notes.push(`"ours" runs with --workers ${oursWorkers}; its CPU and RSS columns add up the primary and the worker processes.`);
  }
  if (commands.cNote) notes.push(commands.cNote);
  if (commands.pythonNote) notes.push(commands.pythonNote);
  if (args.quick) notes.push('Quick mode: one short run per scenario, 1,000 idle connections, and a 64 MiB message instead of 1 GiB. Use the full run for numbers.');

  const countSyscalls = !args['no-syscalls'] && (args.syscalls ?? !args.quick);
  const perfEvents = countSyscalls ? syscallEvents() : { unavailable: 'not counted (quick mode; --syscalls counts them)' };
  if ('unavailable' in perfEvents && countSyscalls) notes.push(`Syscalls per message not counted: ${perfEvents.unavailable}.`);
  const machine = machineDescription(pinning);
  console.log(`charcount bench (${mode}): ${machine.cpuModel}, ${machine.logicalCpus} CPUs, Node ${machine.node}; ${pinning}; ${workers} load worker(s)`);
  const checkRuns = args.runs !== undefined ? settings.runs : args.quick ? 1 : 5;
  const serverRuns = onlyScenarios?.length === 0 ? '' : `; ${settings.runs} run(s) x (${settings.warmupMs} ms warm-up + ${settings.durationMs} ms)`;
  const checkerRuns = only.checks.length === 0 ? '' : `; charcount-check: ${checkRuns} run(s) of each of ${only.checks.length} check(s)`;
  console.log(`load average ${machine.loadAverageAtStart}${serverRuns}${checkerRuns}`);
  for (const note of notes) console.log(`note: ${note}`);

  let mainPool: LoadPool | undefined;
  /** For scenarios where the load generator runs on every CPU: one load worker per CPU. */
  let everyCpuPool: LoadPool | undefined;
  const scenarios: ScenarioResult[] = [];
  let failures = 0;
  for (const scenario of SCENARIOS) {
    if (onlyScenarios && !onlyScenarios.includes(scenario.id)) continue;
    const result: ScenarioResult = { id: scenario.id, number: scenario.number, title: scenario.title, description: scenario.describe(settings), peers: [] };
    scenarios.push(result);
    const share = scenario.serverCpuShare;
    const shareUnavailable =
      share === undefined ? undefined : serverCpu === undefined ? `needs the pinning the other scenarios use (${pinning})` : cpuBudgetUnavailable();
    const cpuShare = share !== undefined && shareUnavailable === undefined ? { share, cpus: allowed! } : undefined;
    if (cpuShare) pinLoad(allowed!.join(','));
    const pool = cpuShare ? (everyCpuPool ??= new LoadPool(allowed!.length)) : (mainPool ??= new LoadPool(workers));
    const startOptions = (peerId: PeerId): StartOptions => ({
      ...scenario.startOptions(settings),
      cpu: share === undefined ? serverCpu : undefined,
      cpuShare,
      nodeFlags: profileDir && peerId === 'ours' ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${scenario.id}.cpuprofile`] : undefined,
    });
    // Every peer's server runs for the whole scenario and the runs take turns (ours, C, Python,
    // naive, ours, ...), so a busy moment on a shared machine does not land on one peer only.
    const contestants: { peerResult: PeerResult; peer?: RunningPeer; runs: number }[] = [];
    for (const peerId of scenario.peers) {
      if (onlyPeers && !onlyPeers.includes(peerId)) continue;
      const peerResult: PeerResult = { peer: peerId, status: 'ok', runs: [], summary: null };
      result.peers.push(peerResult);
      const unavailable = commands.available(peerId) ?? (shareUnavailable && `not measured: ${shareUnavailable}`);
      if (unavailable) {
        peerResult.status = 'skipped';
        peerResult.note = unavailable;
        continue;
      }
      if (performance.now() - started > budgetMs) {
        peerResult.status = 'skipped';
        peerResult.note = `time budget of ${budgetMs / 1000} s used up`;
        continue;
      }
      const contestant = { peerResult, peer: undefined as RunningPeer | undefined, runs: scenario.runs?.(settings, peerId) ?? settings.runs };
      try {
        contestant.peer = await startPeer(commands, peerId, startOptions(peerId));
      } catch (error) {
        peerResult.status = 'failed';
        peerResult.note = (error as Error).message.split('\n')[0].slice(0, 300);
      }
      contestants.push(contestant);
    }
    const rounds = Math.max(0, ...contestants.map((c) => c.runs));
    for (let run = 0; run < rounds; run++) {
      for (const c of contestants) {
        const { peerResult } = c;
        if (peerResult.status !== 'ok' || run >= c.runs) continue;
        if (performance.now() - started > budgetMs) {
          peerResult.note = `time budget of ${budgetMs / 1000} s used up after ${peerResult.runs.length} run(s)`;
          if (peerResult.runs.length === 0) peerResult.status = 'skipped';
          continue;
        }
        try {
          if (!c.peer || !c.peer.alive) c.peer = await startPeer(commands, peerResult.peer, startOptions(peerResult.peer));
          const metrics: RunMetrics = await measure(scenario, settings, c.peer, pool);
          peerResult.runs.push(metrics);
          if (!c.peer.alive) throw new Error(`server ${c.peer.describeExit()}`);
          // A server still busy with a message it never finished must not steal the CPU from the next peer.
          if (metrics.unanswered > 0) await c.peer.stop();
        } catch (error) {
          peerResult.status = 'failed';
          peerResult.note = (error as Error).message.split('\n')[0].slice(0, 300);
          if (c.peer && !c.peer.alive && !peerResult.note.includes('server')) peerResult.note += `; server ${c.peer.describeExit()}`;
          await c.peer?.stop();
          await pool.reset();
        }
      }
    }
    for (const c of contestants) await c.peer?.stop();
    if (cpuShare && loadCpus !== undefined) pinLoad(loadCpus);
    if (scenario.syscalls && countSyscalls && 'events' in perfEvents) {
      for (const { peerResult } of contestants) {
        if (peerResult.status !== 'ok' || performance.now() - started > budgetMs) continue;
        const output = join(buildDir, `perf-${scenario.id}-${peerResult.peer}.csv`);
        let peer: RunningPeer | undefined;
        try {
          peer = await startPeer(commands, peerResult.peer, { ...startOptions(peerResult.peer), nodeFlags: undefined, perf: { events: perfEvents.events, output } });
          const window = { start: 0, end: 0 };
          const metrics = await measure(scenario, settings, peer, pool, window);
          const counts = countsPerMessage(output, window.start - peer.spawnedAt, window.end - peer.spawnedAt, metrics.msgsPerSec);
          if (counts) peerResult.syscalls = counts;
        } catch (error) {
          console.log(`  (syscall count for ${scenario.id} ${peerResult.peer} failed: ${(error as Error).message.split('\n')[0]})`);
          await pool.reset();
        } finally {
          await peer?.stop();
        }
      }
    }
    for (const { peerResult } of contestants) {
      const peerId = peerResult.peer;
      peerResult.summary = summarize(peerResult.runs);
      const s = peerResult.summary;
      const wrong = s ? s.mismatches + s.unanswered : 0;
      if (MUST_BE_RIGHT.includes(peerId) && (peerResult.status === 'failed' || wrong > 0)) {
        failures++;
        console.log(`FAIL ${scenario.id} ${peerId}: ${peerResult.note ?? `${s?.mismatches} wrong replies, ${s?.unanswered} unanswered`}`);
        for (const sample of s?.mismatchSamples ?? []) console.log(`     expected "${sample.expected}" got "${sample.got}"`);
      }
      console.log(renderTerminal(scenario.id, peerId, peerResult));
    }
  }
  await mainPool?.close();
  await everyCpuPool?.close();

  // The checker group: charcount-check and the servers it starts run where a student's would, on every CPU.
  if (allowed !== null && only.checks.length > 0) pinLoad(allowed.join(','));
  const checks = await runChecks(only.checks, {
    runs: checkRuns,
    budgetMs: checkBudgetMs,
    source: sourceVersion(['checker/', 'server/', 'protocol/', ...CHECK_FIXTURES]),
    mode,
  });
  failures += checks.failures;
  for (const check of checks.results) console.log(renderCheckTerminal(check));

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode,
    settings,
    machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => x.toFixed(2)).join(' ') },
    durationSeconds: Math.round((performance.now() - started) / 1000),
    notes,
    scenarios,
    checks: checks.results,
    targets: [],
  };
  results.targets = evaluateTargets(results);
  slimRuns(results);

  mkdirSync(RESULTS_DIR, { recursive: true });
  // Checker scenarios alone replace their own figures in the full run's file; the rest of it stays.
  const checksOnly = onlyScenarios?.length === 0 && !args.quick && args.out === undefined && existsSync(LATEST);
  if (checksOnly) {
    const merged = mergeChecks(JSON.parse(readFileSync(LATEST, 'utf8')) as BenchResults, checks.results, CHECKS.map((c) => c.id));
    merged.targets = evaluateTargets(merged);
    writeFileSync(LATEST, compactJson(merged));
    console.log(`\nresults: ${only.checks.map((c) => c.id).join(', ')} merged into ${relative(ROOT, LATEST)}`);
    writePage(merged);
  } else {
    const out = args.out ?? (mode === 'full' ? LATEST : join(RESULTS_DIR, 'quick.json'));
    writeFileSync(out, compactJson(results));
    console.log(`\nresults: ${relative(ROOT, out)}`);
    if (mode === 'full' && args.out === undefined) writePage(results);
  }

  console.log('\ntargets:');
  let missed = 0;
  for (const t of onlyScenarios?.length === 0 ? results.targets.filter((x) => x.group === 'checker') : results.targets) {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'MET ' : 'MISS';
    if (t.pass === false) missed++;
    console.log(`  ${verdict} ${t.description}: ${t.value ?? '-'} (target ${t.bound})${t.note ? ` [${t.note}]` : ''}`);
  }
  console.log(`\n${results.durationSeconds} s; ${failures === 0 ? 'every reply checked was right, every check passed' : `${failures} failure(s)`}${missed ? `; ${missed} target(s) missed` : ''}`);
  if (failures > 0 || (args['enforce-targets'] && missed > 0)) process.exitCode = 1;
}

// Ctrl-C or a kill: exit through process.exit, so that lib/peers.ts stops the servers (own process groups).
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `bench: ${error.message}` : `bench: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
