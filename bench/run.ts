/**
 * npm run bench [-- options]: measures charcount-server, in both its modes (ACCELERATION=off
 * and on), against a C epoll server, a Python asyncio server and a naive Node server, in the
 * same run, with the same load generators, on loopback only; then times charcount-check
 * itself (the checker group). See bench/README.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildCLoadGenerator } from './lib/c-load';
import { defaultBuildDir } from './lib/c-build';
import { renderCheckTerminal } from './lib/check-report';
import { lastClassFigures } from './grade-class-figures';
import { mergeChecks } from './lib/check-results';
import { CHECK_FIXTURES, CHECKS, runChecks } from './lib/checks';
import { listFrom, parseCommandLine, PEER_IDS, selection, USAGE, UsageError, wholeNumber } from './lib/command-line';
import { machineDescription, sourceVersion } from './lib/machine';
import { previewBlocks, writePage } from './lib/page';
import { PeerCommands, ROOT, type PeerId } from './lib/peers';
import { pinLoadGenerator } from './lib/pinning';
import { compactJson, evaluateTargets, slimRuns, summarize, type BenchResults, type ScenarioResult } from './lib/results';
import { LoadGenerators, runScenario } from './lib/run-scenario';
import { FULL, QUICK, SCENARIOS, type Settings } from './lib/scenarios';
import { syscallEvents } from './lib/syscalls';
import { renderTerminal } from './lib/terminal';

const RESULTS_DIR = join(ROOT, 'bench', 'results');
const LATEST = join(RESULTS_DIR, 'latest.json');
/** Peers whose wrong or missing replies fail the run (the naive peer is wrong on purpose). */
const MUST_BE_RIGHT: PeerId[] = ['ours', 'ours-on', 'c', 'python'];

async function main(): Promise<void> {
  const args = parseCommandLine();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (args['report-only']) {
    const source = args.out ? resolve(args.out) : LATEST;
    const results = JSON.parse(readFileSync(source, 'utf8')) as BenchResults;
    // Any other results file is only previewed: the lab notes come from latest.json.
    if (source !== LATEST) process.stdout.write(`${previewBlocks(results)}\n`);
    else writePage(results);
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
   * run leaves the checker group 3 of its 10 minutes (it takes two on a quiet machine); the
   * checker group alone (--only with check ids) may take 9.
   */
  const checkBudgetMs = args.quick ? 45_000 : onlyScenarios?.length === 0 ? 540_000 : 180_000;
  const budgetMs = args.quick ? 60_000 : only.checks.length > 0 ? 570_000 - checkBudgetMs : 570_000;

  const pinning = pinLoadGenerator(args['no-pin']);
  const workers = args['load-workers'] === undefined ? pinning.loadCpuCount : wholeNumber('--load-workers', args['load-workers'], 1);
  const buildDir = defaultBuildDir();
  const notes: string[] = [];
  const commands = new PeerCommands(buildDir);
  if (args['ours-main']) {
    commands.oursMain = resolve(args['ours-main']);
    notes.push(`"ours" and "ours-on" are ${relative(ROOT, commands.oursMain)}, not dist/server/main.js.`);
  }
  if (oursWorkers > 1) {
    commands.oursWorkers = oursWorkers;
    notes.push(`"ours-on" runs with --workers ${oursWorkers}; its CPU and RSS columns add up the primary and the worker processes.`);
  }
  const cGenerator = buildCLoadGenerator(buildDir);
  for (const note of [commands.cNote, commands.pythonNote, 'unavailable' in cGenerator ? cGenerator.unavailable : undefined]) if (note) notes.push(note);
  if (args.quick) notes.push('Quick mode: one short run per scenario, 1,000 idle connections, and a 64 MiB message instead of 1 GiB. Use the full run for numbers.');

  const countSyscalls = !args['no-syscalls'] && (args.syscalls ?? !args.quick);
  const perfEvents = countSyscalls ? syscallEvents() : { unavailable: 'not counted (quick mode; --syscalls counts them)' };
  if ('unavailable' in perfEvents && countSyscalls) notes.push(`Syscalls per message not counted: ${perfEvents.unavailable}.`);
  const machine = machineDescription(pinning.description);
  console.log(`charcount bench (${mode}): ${machine.cpuModel}, ${machine.logicalCpus} CPUs, Node ${machine.node}; ${pinning.description}; ${workers} load generator process(es)`);
  const checkRuns = args.runs !== undefined ? settings.runs : args.quick ? 1 : 5;
  const serverRuns = onlyScenarios?.length === 0 ? '' : `; ${settings.runs} run(s) x (${settings.warmupMs} ms warm-up + ${settings.durationMs} ms)`;
  const checkerRuns = only.checks.length === 0 ? '' : `; charcount-check: ${checkRuns} run(s) of each of ${only.checks.length} check(s)`;
  console.log(`load average ${machine.loadAverageAtStart}${serverRuns}${checkerRuns}`);
  for (const note of notes) console.log(`note: ${note}`);

  const loads = new LoadGenerators(cGenerator, workers, pinning.allowed?.length ?? workers);
  const context = {
    settings,
    commands,
    pinning,
    loads,
    onlyPeers,
    profileDir,
    perfEvents: 'events' in perfEvents ? perfEvents.events : undefined,
    buildDir,
    deadline: started + budgetMs,
    budgetNote: `time budget of ${budgetMs / 1000} s used up`,
  };
  const scenarios: ScenarioResult[] = [];
  let failures = 0;
  for (const scenario of SCENARIOS) {
    if (onlyScenarios && !onlyScenarios.includes(scenario.id)) continue;
    const result = await runScenario(scenario, context);
    scenarios.push(result);
    for (const peerResult of result.peers) {
      peerResult.summary = summarize(peerResult.runs);
      const s = peerResult.summary;
      const wrong = s ? s.mismatches + s.unanswered : 0;
      if (MUST_BE_RIGHT.includes(peerResult.peer) && (peerResult.status === 'failed' || wrong > 0)) {
        failures++;
        console.log(`FAIL ${scenario.id} ${peerResult.peer}: ${peerResult.note ?? `${s?.mismatches} wrong replies, ${s?.unanswered} unanswered`}`);
        for (const sample of s?.mismatchSamples ?? []) console.log(`     expected "${sample.expected}" got "${sample.got}"`);
      }
      console.log(renderTerminal(scenario.id, peerResult.peer, peerResult));
    }
  }
  await loads.close();

  // The checker group: charcount-check and the servers it starts run where a student's would, on every CPU.
  if (only.checks.length > 0) pinning.everyCpu();
  const checks = await runChecks(only.checks, {
    runs: checkRuns,
    budgetMs: checkBudgetMs,
    source: sourceVersion(['checker/', 'server/', 'protocol/', ...CHECK_FIXTURES]),
    mode,
  });
  failures += checks.failures;
  for (const check of checks.results) console.log(renderCheckTerminal(check));
  // A class takes far longer than this bench: its last figures (npm run bench:grade) are shown, not measured.
  process.stdout.write(`\n${lastClassFigures()}`);

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
  if (onlyScenarios?.length === 0 && !args.quick && args.out === undefined && existsSync(LATEST)) {
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
  const missed = printTargets(onlyScenarios?.length === 0 ? results.targets.filter((x) => x.group === 'checker') : results.targets);
  console.log(`\n${results.durationSeconds} s; ${failures === 0 ? 'every reply checked was right, every check passed' : `${failures} failure(s)`}${missed ? `; ${missed} target(s) missed` : ''}`);
  if (failures > 0 || (args['enforce-targets'] && missed > 0)) process.exitCode = 1;
}

/** Prints each target's verdict; returns how many were missed. */
function printTargets(targets: BenchResults['targets']): number {
  console.log('\ntargets:');
  for (const t of targets) {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'MET ' : 'MISS';
    console.log(`  ${verdict} ${t.description}: ${t.value ?? '-'} (target ${t.bound})${t.note ? ` [${t.note}]` : ''}`);
  }
  return targets.filter((t) => t.pass === false).length;
}

// Ctrl-C or a kill: exit through process.exit, so that lib/peers.ts stops the servers (own process groups).
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `bench: ${error.message}` : `bench: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
