/**
 * Does a verdict depend on luck (timing, restarts, TIME_WAIT, a busy machine)? The compiled
 * checker checks each server RUNS times, the last LOADED of them while a bounded CPU burner
 * keeps every core busy. Per server it prints every run's failing stages, the time per check
 * and the restarts, and says whether the verdict changed between runs or differed from what
 * was expected; with --each-run, a line per run and the whole trace of a stage that failed
 * unexpectedly. Exit 1 when any verdict changed or differed.
 *
 * The servers: every fixture of tests/checker/servers/README.md (or those --only names), each
 * expected to fail what the table says; or one --server FILE, expected to fail --expect-failing
 * (none by default), which `npm run check:flaky` runs 20 times on one port (--same-port: each
 * check meets the TIME_WAIT the one before left).
 *
 *   npm run build && ts-node tests/checker/stability.ts [--runs 5] [--loaded 2] [--only FILE,FILE] [--python /usr/bin/python3]
 *   npm run build && ts-node tests/checker/stability.ts --server FILE [--expect-failing ID,ID] [--level L] [--same-port] [--each-run]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReport, ROOT, runChecker, SERVERS_DIR, stagesWith, stopCheckers, timeWaitNotice, type CheckerRun } from './support/checker-run';
import { quietPort } from './support/ports';
import { readServersTable } from './support/servers-readme';

/** A burner never outlives this, even if this script is killed. */
const BURN_LIMIT_MS = 10 * 60_000;
const MAX_RUNS = 200;
/** The system's Python: a version manager's shim in front of python3 costs seconds per start on a busy machine. */
const DEFAULT_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

interface Server {
  /** As printed: the file, relative to the fixtures or the repository. */
  name: string;
  command: string[];
  /** Stage ids that must fail; null when the server must not start (listen fails alone). */
  expected: string[] | null;
}

interface Verdict {
  failed: string[] | null;
  /** The one-line message of each failed stage, to explain a changed verdict without a rerun. */
  messages: string[];
  /** The trace of each stage that failed unexpectedly (--each-run prints it). */
  traces: string[];
  durationMs: number;
  restarts: number;
  loaded: boolean;
  waitedOutTimeWait: boolean;
}

function verdictOf(run: CheckerRun, loaded: boolean, expected: readonly string[]): Verdict {
  let failed: string[] | null;
  let messages: string[] = [];
  let traces: string[] = [];
  try {
    const report = parseReport(run);
    failed = stagesWith(report, 'failed');
    const failing = report.stages.filter((stage) => stage.status === 'failed');
    messages = failing.map((stage) => `${stage.id}: ${stage.message}`);
    traces = failing.filter((stage) => !expected.includes(stage.id)).flatMap((stage) => [`  ${stage.id}:`, ...stage.details.map((line) => `    ${line}`)]);
  } catch {
    failed = null;
  }
  const restarts = (run.stderr.match(/starting it again/g) ?? []).length;
  return { failed, messages, traces, durationMs: run.durationMs, restarts, loaded, waitedOutTimeWait: timeWaitNotice(run) !== null };
}

/** One busy loop per core, each ending by itself after BURN_LIMIT_MS. */
function startBurners(): ChildProcess[] {
  return cpus().map(() => spawn(process.execPath, ['-e', `const end = Date.now() + ${BURN_LIMIT_MS}; while (Date.now() < end) {}`], { stdio: 'ignore' }));
}

function stopBurners(burners: ChildProcess[]): void {
  for (const burner of burners) burner.kill('SIGKILL');
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const show = (failed: readonly string[] | null): string => (failed === null ? 'no report' : failed.length === 0 ? 'none' : [...failed].sort().join(','));
const ids = (list: string): string[] => list.split(',').filter((id) => id !== '');

/** How a student would start the file: Python with python3, JavaScript with node, anything else as a program. */
function serverCommand(file: string, python: string): string[] {
  if (file.endsWith('.py')) return [python, file];
  if (file.endsWith('.js')) return [process.execPath, file];
  return [file];
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      runs: { type: 'string', default: '5' },
      loaded: { type: 'string', default: '2' },
      only: { type: 'string', default: '' },
      python: { type: 'string', default: DEFAULT_PYTHON },
      server: { type: 'string' },
      'expect-failing': { type: 'string', default: '' },
      level: { type: 'string', default: 'assignment' },
      'same-port': { type: 'boolean', default: false },
      'each-run': { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const loaded = Number(values.loaded);
  if (!/^\d+$/.test(values.runs) || runs < 1 || runs > MAX_RUNS) throw new Error(`--runs ${values.runs}: give a whole number from 1 to ${MAX_RUNS}`);
  if (!/^\d+$/.test(values.loaded) || loaded > runs) throw new Error(`--loaded ${values.loaded}: give a whole number from 0 to --runs`);
  if (values.level !== 'assignment' && values.level !== 'protocol') throw new Error(`--level ${values.level}: give assignment or protocol`);
  if (values.level === 'protocol' && values.server === undefined) throw new Error('--level protocol: give --server too (the README table is for level assignment)');
  const servers: Server[] =
    values.server === undefined
      ? readServersTable()
          .filter((row) => values.only === '' || ids(values.only).includes(row.file))
          .map((row) => ({ name: row.file, command: [values.python, `${SERVERS_DIR}/${row.file}`], expected: row.assignment }))
      : [{ name: relative(ROOT, resolve(values.server)), command: serverCommand(resolve(values.server), values.python), expected: ids(values['expect-failing']) }];
  return { runs, loaded, servers, level: values.level, samePort: values['same-port'], eachRun: values['each-run'] };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const onePort = options.samePort ? await quietPort() : null;
  console.log(`stability: ${options.servers.length} server(s) x ${options.runs} check(s), the last ${options.loaded} under a CPU burner on each of ${cpus().length} cores${onePort === null ? '' : `, all on port ${onePort}`}`);
  let changed = 0;
  let differed = 0;
  let asExpected = 0;
  const all: Verdict[] = [];
  for (const server of options.servers) {
    // A server that must not start fails listen alone.
    const expected = server.expected ?? ['listen'];
    const verdicts: Verdict[] = [];
    for (let n = 1; n <= options.runs; n++) {
      const loaded = n > options.runs - options.loaded;
      const burners = loaded ? startBurners() : [];
      try {
        const port = onePort ?? (await quietPort());
        const run = await runChecker(['--port', String(port), '--level', options.level, '--format', 'json', '--', ...server.command]);
        const verdict = verdictOf(run, loaded, expected);
        verdicts.push(verdict);
        if (options.eachRun) {
          const same = show(verdict.failed) === show(expected);
          console.log(`  run ${n}/${options.runs}  ${same ? 'pass' : 'FAIL'}  ${seconds(verdict.durationMs)}  failing: ${show(verdict.failed)}${loaded ? ' (loaded)' : ''}${verdict.waitedOutTimeWait ? '  (waited out TIME_WAIT)' : ''}`);
          for (const line of verdict.traces) console.log(line);
        }
      } finally {
        stopBurners(burners);
      }
    }
    all.push(...verdicts);
    const distinct = new Set(verdicts.map((verdict) => show(verdict.failed)));
    const matching = verdicts.filter((verdict) => show(verdict.failed) === show(expected)).length;
    asExpected += matching;
    const agrees = matching === verdicts.length;
    if (distinct.size > 1) changed++;
    if (!agrees) differed++;
    const times = verdicts.map((verdict) => verdict.durationMs);
    const shown = verdicts.map((verdict) => `${show(verdict.failed)}${verdict.loaded ? ' (loaded)' : ''}`);
    console.log(
      `${distinct.size > 1 ? 'CHANGED' : agrees ? 'same   ' : 'WRONG  '} ${server.name}: ${shown.join(' | ')}; median ${seconds(median(times))}, max ${seconds(Math.max(...times))}, restarts ${verdicts.map((verdict) => verdict.restarts).join('/')}`,
    );
    const surprises = verdicts.filter((verdict) => show(verdict.failed) !== show(expected)).flatMap((verdict) => verdict.messages.map((message) => `    ${message}`));
    for (const line of new Set(surprises)) console.log(line);
  }
  const idle = all.filter((verdict) => !verdict.loaded).map((verdict) => verdict.durationMs);
  const loaded = all.filter((verdict) => verdict.loaded).map((verdict) => verdict.durationMs);
  console.log(`${options.servers.length} server(s) x ${options.runs} runs (${options.loaded} loaded): ${asExpected} of ${all.length} checks as expected; ${changed} server(s) changed a verdict between runs, ${differed} differed from the expected at least once`);
  const timeOf = (times: number[]): string => (times.length === 0 ? 'none' : `median ${seconds(median(times))} max ${seconds(Math.max(...times))}`);
  console.log(`time per check: idle ${timeOf(idle)}; loaded ${timeOf(loaded)}`);
  return changed === 0 && differed === 0 ? 0 : 1;
}

process.once('SIGINT', () => {
  void stopCheckers().finally(() => process.exit(130));
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stability: ${(error as Error).message}\n`);
    process.exit(error instanceof Error && /^--/.test(error.message) ? 2 : 1);
  },
);
