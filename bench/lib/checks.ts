/**
 * The checker group: charcount-check timed as a student runs it, the compiled
 * `node dist/checker/main.js` against a server, from start to exit. Every run must end as
 * the check expects (every stage passed, or exactly the stages a faulty server fails); a check
 * that does not fails the bench, as a wrong reply does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { containersCreated } from './check-containers';
import { prepareCheckerImage } from './check-image';
import { summarizeCheck, type CheckResult, type CheckRun } from './check-results';
import { freePort } from '../../tests/support/free-port';
import { ROOT } from './peers';
import type { BenchResults } from './results';

export interface CheckScenario {
  id: string;
  title: string;
  /** The checker's arguments. A command target gets a free port each run, so no run waits out the TIME_WAIT of the one before. */
  args: (port: number) => string[];
  targetSeconds: number;
  /** A --submission check: needs Docker and the checker's image, and gets one untimed run first, which builds the submission's image. */
  submission?: boolean;
  /** The stages the server must fail (a faulty server's); none unless given. */
  expectedFailed?: readonly string[];
  /** Each restart of the program must take less than this (ms). */
  restartTargetMs?: number;
  /** Makes the folder a submission check runs, before its warm-up. */
  stage?: () => void;
}

const CHECKER = join('dist', 'checker', 'main.js');
/**
 * The system's Python where there is one: a version manager's shim in front of python3 (pyenv)
 * costs seconds per start on a busy machine, and a one-client server is started 14 times.
 */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const onPort = (port: number, ...rest: string[]): string[] => ['--port', String(port), ...rest];
const SERVERS = join('tests', 'checker', 'servers');
/** one-client-exits.py handed in as a student would: as server.py, beside the module it imports. */
const ONE_CLIENT_SUBMISSION = join(tmpdir(), 'charcount-bench-one-client-submission');

function stageOneClientSubmission(): void {
  mkdirSync(ONE_CLIENT_SUBMISSION, { recursive: true });
  copyFileSync(join(ROOT, SERVERS, 'one-client-exits.py'), join(ONE_CLIENT_SUBMISSION, 'server.py'));
  copyFileSync(join(ROOT, SERVERS, 'threaded_server.py'), join(ONE_CLIENT_SUBMISSION, 'threaded_server.py'));
}

export const CHECKS: CheckScenario[] = [
  {
    id: 'check-assignment',
    title: 'assignment level, charcount-server as a command target',
    args: (port) => onPort(port, '--format', 'json', '--', 'node', 'dist/server/main.js'),
    targetSeconds: 5,
  },
  {
    id: 'check-assignment-python',
    title: 'assignment level, a threaded Python server as a command target',
    args: (port) => onPort(port, '--format', 'json', '--', PYTHON, 'tests/checker/servers/correct-threads.py'),
    // Issue 19: a passing server under 2 s at the assignment level, as a command.
    targetSeconds: 2,
  },
  {
    id: 'check-one-client-python',
    title: 'assignment level, a Python server that serves one client and exits (started again for every client)',
    args: (port) => onPort(port, '--format', 'json', '--', PYTHON, 'tests/checker/servers/one-client-exits.py'),
    // Issue 19: under 5 s, each restart under 200 ms after the program exits.
    targetSeconds: 5,
    restartTargetMs: 200,
    expectedFailed: ['second-client', 'concurrent-clients'],
  },
  {
    id: 'check-protocol',
    title: 'protocol level, charcount-server as a command target',
    args: (port) => onPort(port, '--level', 'protocol', '--format', 'json', '--', 'node', 'dist/server/main.js'),
    targetSeconds: 10,
  },
  {
    id: 'check-submission',
    title: "assignment level, a submission folder in containers, its image already built",
    // The server runs in the probe container's own network namespace: the default port is free there.
    args: () => ['--format', 'json', '--submission', 'tests/checker/servers/localhost-submission'],
    targetSeconds: 20,
    submission: true,
  },
  {
    id: 'check-one-client-submission',
    title: 'assignment level, the one-client server as a submission in containers (started again for every client, inside its running container)',
    args: () => ['--format', 'json', '--submission', ONE_CLIENT_SUBMISSION],
    // Issue 19: a restart in containers costs no new container, each under 200 ms after the program exits.
    targetSeconds: 20,
    restartTargetMs: 200,
    expectedFailed: ['second-client', 'concurrent-clients'],
    submission: true,
    stage: stageOneClientSubmission,
  },
];

/** The servers the checks run besides charcount-server (threaded_server.py is correct-threads.py's module). */
export const CHECK_FIXTURES = ['tests/checker/servers/correct-threads.py', 'tests/checker/servers/one-client-exits.py', 'tests/checker/servers/threaded_server.py', 'tests/checker/servers/localhost-submission/'];

/** `--only checker` selects every check. */
export const CHECK_GROUP = 'checker';

export interface CheckGroupOptions {
  runs: number;
  /** No run starts after this long from the group's start. */
  budgetMs: number;
  source: string;
  mode: BenchResults['mode'];
}

interface Outcome {
  run: CheckRun;
  /** Why the run did not pass, in one line; null when it exited 0 with a report. */
  failure: string | null;
  stderr: string;
}

/** Checker processes running now: stopped (SIGINT, so they remove their containers) if the bench exits first. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

/** Runs the checker once and times it; a run that takes 3 times its target is interrupted. A submission check's containers are counted from Docker's events (`probeImage`: the bench's). */
async function runChecker(check: CheckScenario, probeImage?: string): Promise<Outcome> {
  const startedAtMs = Date.now();
  const args = check.args(check.submission ? 0 : await freePort());
  const limitMs = check.targetSeconds * 3000;
  const started = performance.now();
  // Its own process group: a Ctrl-C reaches the bench only, whose exit hook then sends the one SIGINT the checker handles.
  const child = spawn(process.execPath, [CHECKER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
  child.stderr.on('data', (data: Buffer) => (stderr = (stderr + data.toString('utf8')).slice(-20_000)));
  let timedOut = false;
  const interrupt = setTimeout(() => {
    timedOut = true;
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, limitMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const wallMs = Math.round(performance.now() - started);
  clearTimeout(interrupt);
  running.delete(child);
  const report = parseReport(stdout);
  const stages = report?.stages ?? [];
  const run: CheckRun = { wallMs, exitCode, seed: report?.seed ?? null, stageMs: Object.fromEntries(stages.map((s) => [s.id, s.durationMs])), ...restartsOf(stages) };
  if (probeImage !== undefined) run.containersCreated = containersCreated(probeImage, startedAtMs, Date.now());
  const expectedFailed = [...(check.expectedFailed ?? [])].sort();
  const failed = stages.filter((s) => s.status === 'failed').map((s) => s.id).sort();
  const expectedCode = expectedFailed.length === 0 ? 0 : 1;
  let failure: string | null = null;
  if (timedOut) failure = `still running after ${limitMs / 1000} s (3 times the target), interrupted`;
  else if (report === null || stages.length === 0) failure = `exit code ${exitCode} and no JSON report with stages on standard output`;
  else if (exitCode !== expectedCode || failed.join() !== expectedFailed.join()) {
    failure = `exit code ${exitCode}, failed [${failed.join(', ')}], expected ${expectedCode} and [${expectedFailed.join(', ')}]: ${whyFailed(report, stderr)}`;
  }
  return { run, failure, stderr };
}

/**
 * How often the program was started again, and how long each restart took as the stage saw
 * it: from the program's exit being seen to the next client connected (the new program
 * started, listening, and connected to).
 */
function restartsOf(stages: ReportExcerpt['stages']): Pick<CheckRun, 'restarts' | 'restartMs'> {
  const restartMs: number[] = [];
  let restarts = 0;
  for (const { record } of stages) {
    record.forEach((event, index) => {
      if (event.kind !== 'program-exit') return;
      restarts++;
      const connected = record.slice(index).find((later) => later.kind === 'connect');
      if (connected) restartMs.push(connected.at - event.at);
    });
  }
  return { restarts, restartMs };
}

interface ReportExcerpt {
  seed: number;
  startError: string | null;
  stages: { id: string; status: string; durationMs: number; message: string; record: { kind: string; at: number }[] }[];
}

function parseReport(stdout: string): ReportExcerpt | null {
  try {
    return JSON.parse(stdout) as ReportExcerpt;
  } catch {
    return null;
  }
}

function whyFailed(report: ReportExcerpt | null, stderr: string): string {
  const failed = report?.stages.find((s) => s.status === 'failed');
  const why = report?.startError ?? (failed ? `${failed.id}: ${failed.message}` : stderr.split('\n').filter((l) => l.trim() !== '').pop() ?? 'no output');
  return `${why}${report ? ` (seed ${report.seed})` : ''}`.slice(0, 300);
}

export function commandLine(check: CheckScenario): string {
  return ['node', CHECKER, ...check.args(0).map((a, i, all) => (all[i - 1] === '--port' ? 'P' : a))].join(' ');
}

/** Runs the selected checks one after another, each `runs` times; prints a line per run. */
export async function runChecks(selected: readonly CheckScenario[], options: CheckGroupOptions): Promise<{ results: CheckResult[]; failures: number }> {
  const started = performance.now();
  const results: CheckResult[] = [];
  let failures = 0;
  for (const check of selected) {
    const result: CheckResult = {
      id: check.id,
      title: check.title,
      command: commandLine(check),
      targetSeconds: check.targetSeconds,
      ...(check.restartTargetMs === undefined ? {} : { restartTargetMs: check.restartTargetMs }),
      status: 'ok',
      measuredAt: new Date().toISOString(),
      source: options.source,
      mode: options.mode,
      loadAverage: loadavg().map((x) => x.toFixed(2)).join(' '),
      runs: [],
      summary: null,
    };
    results.push(result);
    const fail = (note: string): void => {
      result.status = 'failed';
      result.note = note;
      failures++;
      console.log(`FAIL ${check.id}: ${note}`);
    };
    if (performance.now() - started > options.budgetMs) {
      result.status = 'skipped';
      result.note = `time budget of ${options.budgetMs / 1000} s used up`;
      continue;
    }
    if (check.submission) {
      const image = prepareCheckerImage();
      if (!image.ready) {
        result.status = 'skipped';
        result.note = `not measured: ${image.reason}`;
        console.log(`  ${check.id} skipped: ${image.reason}`);
        continue;
      }
      result.setup = image.setup;
      try {
        check.stage?.();
        const warmup = await runChecker(check, image.image);
        const built = /image built in/.test(warmup.stderr) ? true : /image already built/.test(warmup.stderr) ? false : null;
        result.warmup = { wallMs: warmup.run.wallMs, imageBuilt: built };
        console.log(`  ${check.id} warm-up (untimed): ${(warmup.run.wallMs / 1000).toFixed(2)} s${built === null ? '' : built ? ', built the image' : ', image already built'}`);
        if (warmup.failure) fail(`warm-up run: ${warmup.failure}`);
        else await timedRuns(check, result, options, started, fail, image.image);
      } finally {
        image.release();
      }
    } else {
      await timedRuns(check, result, options, started, fail);
    }
    result.summary = summarizeCheck(result.runs);
  }
  return { results, failures };
}

/** The measured runs of one check, until one fails or the group's time is up. */
async function timedRuns(check: CheckScenario, result: CheckResult, options: CheckGroupOptions, started: number, fail: (note: string) => void, probeImage?: string): Promise<void> {
  for (let i = 0; i < options.runs; i++) {
    if (performance.now() - started > options.budgetMs) {
      result.note = `time budget of ${options.budgetMs / 1000} s used up after ${result.runs.length} run(s)`;
      if (result.runs.length === 0) result.status = 'skipped';
      return;
    }
    const load = loadavg()[0]!.toFixed(2);
    const { run, failure } = await runChecker(check, probeImage);
    if (failure) {
      fail(`run ${i + 1}: ${failure}`);
      return;
    }
    result.runs.push(run);
    const restarts = run.restarts === 0 ? '' : `, ${run.restarts} restarts (${run.restartMs.join('/')} ms)`;
    const containers = run.containersCreated === undefined ? '' : `, ${run.containersCreated ?? 'unknown'} containers created`;
    console.log(`  ${check.id} run ${i + 1}: ${(run.wallMs / 1000).toFixed(2)} s, exit ${run.exitCode} as expected, ${Object.keys(run.stageMs).length} stages run${restarts}${containers} (seed ${run.seed}; load average ${load} at its start)`);
  }
}
