/**
 * Runs the compiled checker against one server N times in a row on one port, to show that its
 * verdict does not depend on luck: timing, restarts, TIME_WAIT. One line per run, then
 * "N passed, M failed" and the time per run. A run passes when exactly the expected stages
 * fail (none by default) and the exit code says so; exit 1 when any run did not.
 *
 *   npm run build && ts-node tests/checker/flakiness.ts [--runs 20] [--server FILE] [--level L] [--expect-failing ID,ID]
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKER_JS, describeCheckerRun, parseReport, ROOT, runChecker, SERVERS_DIR, stagesWith, stopCheckers, timeWaitNotice, type CheckerRun } from './support/checker-run';
import { quietPort } from './support/ports';

const USAGE =
  'usage: ts-node tests/checker/flakiness.ts [--runs N (1-200, default 20)] [--server FILE (default correct-threads.py)] ' +
  '[--level assignment|protocol] [--expect-failing ID,ID (default none)]';
const MAX_RUNS = 200;

interface Options {
  runs: number;
  command: string[];
  level: string;
  expectFailing: string[];
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '20' },
      server: { type: 'string', default: `${SERVERS_DIR}/correct-threads.py` },
      level: { type: 'string', default: 'assignment' },
      'expect-failing': { type: 'string', default: '' },
    },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!/^\d+$/.test(values.runs) || runs < 1 || runs > MAX_RUNS) throw new Error(`--runs ${values.runs}: give a whole number from 1 to ${MAX_RUNS}`);
  if (values.level !== 'assignment' && values.level !== 'protocol') throw new Error(`--level ${values.level}: give assignment or protocol`);
  return { runs, command: serverCommand(values.server), level: values.level, expectFailing: values['expect-failing'].split(',').filter((id) => id !== '') };
}

/** How a student would start the file: Python with python3, JavaScript with node, anything else as a program. */
function serverCommand(file: string): string[] {
  if (file.endsWith('.py')) return ['python3', file];
  if (file.endsWith('.js')) return [process.execPath, file];
  return [file];
}

interface RunVerdict {
  passed: boolean;
  line: string;
}

function judge(run: CheckerRun, options: Options, n: number): RunVerdict {
  const seconds = `${(run.durationMs / 1000).toFixed(2)} s`;
  const label = `run ${String(n).padStart(String(options.runs).length)}/${options.runs}`;
  let failing: string[];
  let skipped: string[];
  let surprises: string[];
  try {
    const report = parseReport(run);
    failing = stagesWith(report, 'failed');
    skipped = stagesWith(report, 'skipped');
    // Why a stage failed that should not have: its whole trace, so one flaky run can be understood without a rerun.
    surprises = report.stages.filter((stage) => stage.status === 'failed' && !options.expectFailing.includes(stage.id)).flatMap((stage) => [`  ${stage.id}:`, ...stage.details.map((line) => `    ${line}`)]);
  } catch {
    return { passed: false, line: `${label}  FAIL  ${seconds}  no report: ${describeCheckerRun(run).split('\n')[0]}` };
  }
  const expectedCode = options.expectFailing.length === 0 ? 0 : 1;
  const problems = [
    ...(sameStages(failing, options.expectFailing) ? [] : [`expected failing: ${options.expectFailing.join(', ') || 'none'}`]),
    ...(skipped.length === 0 ? [] : [`skipped: ${skipped.join(', ')}`]),
    ...(run.code === expectedCode ? [] : [`exit ${run.code}, expected ${expectedCode}`]),
  ];
  const waited = timeWaitNotice(run) === null ? '' : '  (waited out TIME_WAIT)';
  const verdict = problems.length === 0 ? 'pass' : 'FAIL';
  const line = `${label}  ${verdict}  ${seconds}  failing: ${failing.join(', ') || 'none'}${problems.length > 0 ? `; ${problems.join('; ')}` : ''}${waited}`;
  return { passed: problems.length === 0, line: [line, ...surprises].join('\n') };
}

const sameStages = (a: readonly string[], b: readonly string[]): boolean => [...a].sort().join(',') === [...b].sort().join(',');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`flakiness: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const port = await quietPort();
  const server = options.command.map((part) => (part.startsWith(ROOT) ? relative(ROOT, part) : part)).join(' ');
  console.log(`flakiness: ${options.runs} check${options.runs === 1 ? '' : 's'} of ${server} (level ${options.level}) in a row on port ${port} with ${relative(ROOT, CHECKER_JS)}`);
  let passed = 0;
  const durations: number[] = [];
  for (let n = 1; n <= options.runs; n++) {
    const run = await runChecker(['--port', String(port), '--level', options.level, '--format', 'json', '--', ...options.command]);
    const verdict = judge(run, options, n);
    durations.push(run.durationMs);
    if (verdict.passed) passed++;
    console.log(verdict.line);
  }
  const failed = options.runs - passed;
  console.log(`${passed} passed, ${failed} failed; time per run: median ${(median(durations) / 1000).toFixed(2)} s, max ${(Math.max(...durations) / 1000).toFixed(2)} s`);
  return failed === 0 ? 0 : 1;
}

process.once('SIGINT', () => {
  void stopCheckers().finally(() => process.exit(130));
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`flakiness: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
