/**
 * Every fixture server of tests/checker/servers/ checked RUNS times by the compiled checker,
 * the last LOADED of them while a bounded CPU burner keeps both cores busy: prints each
 * fixture's verdicts, any run whose failing stages differ from the README's table (or from
 * the other runs), and the time per check and restarts per check. Exit 1 when any verdict
 * changed or disagreed with the table.
 *
 *   npm run build && ts-node tests/checker/stability.ts [--runs 5] [--loaded 2] [--only FILE,FILE] [--python /usr/bin/python3]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { parseReport, runChecker, stagesWith, stopCheckers, type CheckerRun } from './support/checker-run';
import { quietPort } from './support/ports';
import { readServersTable } from './support/servers-readme';
import { SERVERS_DIR } from './support/checker-run';

/** A burner never outlives this, even if this script is killed. */
const BURN_LIMIT_MS = 10 * 60_000;

interface Verdict {
  failed: string[] | null;
  /** The one-line message of each failed stage, to explain a changed verdict without a rerun. */
  messages: string[];
  durationMs: number;
  restarts: number;
  loaded: boolean;
}

function verdictOf(run: CheckerRun, loaded: boolean): Verdict {
  let failed: string[] | null;
  let messages: string[] = [];
  try {
    const report = parseReport(run);
    failed = stagesWith(report, 'failed');
    messages = report.stages.filter((stage) => stage.status === 'failed').map((stage) => `${stage.id}: ${stage.message}`);
  } catch {
    failed = null;
  }
  const restarts = (run.stderr.match(/starting it again/g) ?? []).length;
  return { failed, messages, durationMs: run.durationMs, restarts, loaded };
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
const show = (failed: string[] | null): string => (failed === null ? 'no report' : failed.length === 0 ? 'none' : failed.join(','));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, loaded: { type: 'string', default: '2' }, only: { type: 'string', default: '' }, python: { type: 'string', default: 'python3' } },
  });
  const runs = Number(values.runs);
  const loadedRuns = Number(values.loaded);
  const only = values.only.split(',').filter((file) => file !== '');
  const table = readServersTable().filter((row) => only.length === 0 || only.includes(row.file));
  let changed = 0;
  let disagreed = 0;
  const all: Verdict[] = [];
  for (const row of table) {
    const verdicts: Verdict[] = [];
    for (let n = 0; n < runs; n++) {
      const loaded = n >= runs - loadedRuns;
      const burners = loaded ? startBurners() : [];
      try {
        const run = await runChecker(['--port', String(await quietPort()), '--format', 'json', '--', values.python, `${SERVERS_DIR}/${row.file}`]);
        verdicts.push(verdictOf(run, loaded));
      } finally {
        stopBurners(burners);
      }
    }
    all.push(...verdicts);
    const expected = row.assignment === null ? ['listen'] : row.assignment;
    const shown = verdicts.map((verdict) => `${show(verdict.failed)}${verdict.loaded ? ' (loaded)' : ''}`);
    const distinct = new Set(verdicts.map((verdict) => show(verdict.failed)));
    const agrees = verdicts.every((verdict) => show(verdict.failed) === show(expected));
    if (distinct.size > 1) changed++;
    if (!agrees) disagreed++;
    const times = verdicts.map((verdict) => verdict.durationMs);
    const surprises = verdicts.filter((verdict) => show(verdict.failed) !== show(expected)).flatMap((verdict) => verdict.messages.map((message) => `    ${message}`));
    console.log(
      `${distinct.size > 1 ? 'CHANGED' : agrees ? 'same   ' : 'WRONG  '} ${row.file}: ${shown.join(' | ')}; median ${seconds(median(times))}, max ${seconds(Math.max(...times))}, restarts ${verdicts.map((verdict) => verdict.restarts).join('/')}`,
    );
    for (const line of new Set(surprises)) console.log(line);
  }
  const idle = all.filter((verdict) => !verdict.loaded).map((verdict) => verdict.durationMs);
  const loaded = all.filter((verdict) => verdict.loaded).map((verdict) => verdict.durationMs);
  console.log(`${table.length} fixtures x ${runs} runs (${loadedRuns} loaded): ${changed} changed a verdict between runs, ${disagreed} disagreed with the README at least once`);
  console.log(`time per check: idle median ${seconds(median(idle))} max ${seconds(Math.max(...idle))}; loaded median ${seconds(median(loaded))} max ${seconds(Math.max(...loaded))}`);
  return changed === 0 && disagreed === 0 ? 0 : 1;
}

process.once('SIGINT', () => {
  void stopCheckers().finally(() => process.exit(130));
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stability: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
