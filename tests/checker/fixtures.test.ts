/**
 * Every fixture server in tests/checker/servers/, checked by the compiled checker with
 * `--format json`: exactly the stages the README's table says it must fail fail, every other
 * stage passes. The checks run three at a time (2 cores), each server on a port of its own.
 */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheckerRun, helpStageIds, linesOf, parseReport, pythonServer, runChecker, SERVERS_DIR, stagesWith, stopCheckers, type CheckerRun } from './support/checker-run';
import { concurrencyLimit } from './support/limit';
import { quietPort } from './support/ports';
import { readServersTable } from './support/servers-readme';

// After the file, not each test: the concurrent tests share this process's list of running checkers.
afterAll(stopCheckers);

const table = readServersTable();
/** never-answers.py waits out a 3 s reply limit in each of 7 stages: started first, the others run beside it. */
const SLOWEST_FIRST = ['never-answers.py'];
const byDuration = (file: string): number => (SLOWEST_FIRST.includes(file) ? 0 : 1);
const starting = table.filter((row) => row.assignment !== null).sort((a, b) => byDuration(a.file) - byDuration(b.file));
const atProtocolLevel = table.filter((row) => row.protocol !== null);
const notStarting = table.filter((row) => row.assignment === null);
const inTurn = concurrencyLimit(3);

async function checkFixture(file: string, level: 'assignment' | 'protocol'): Promise<CheckerRun> {
  return inTurn(async () => runChecker(['--port', String(await quietPort()), '--level', level, '--format', 'json', '--', ...pythonServer(file)]));
}

const sorted = (ids: readonly string[]): string[] => [...ids].sort();

describe('the servers README table', () => {
  it('has a row for every server in the folder, and none for a file that is not there', () => {
    const servers = readdirSync(SERVERS_DIR).filter((file) => file.endsWith('.py') && file !== 'threaded_server.py');
    expect(sorted(table.map((row) => row.file))).toEqual(sorted(servers));
  });

  it('names only stage ids the checker lists in --help', async () => {
    const known = await helpStageIds();
    const named = table.flatMap((row) => [...(row.assignment ?? []), ...(row.protocol ?? [])]);
    expect(named.filter((id) => !known.includes(id))).toEqual([]);
  });

  it('says the three correct servers fail nothing', () => {
    const correct = table.filter((row) => row.assignment?.length === 0).map((row) => row.file);
    expect(correct).toEqual(expect.arrayContaining(['correct-threads.py', 'correct-selectors.py', 'correct-asyncio.py']));
  });
});

describe.concurrent('level assignment, json report', () => {
  it.for(starting)('$file fails exactly the stages the README names, and passes the rest', async ({ file, assignment }, { expect }) => {
    const run = await checkFixture(file, 'assignment');
    const report = parseReport(run);
    const context = describeCheckerRun(run);
    expect({ failed: stagesWith(report, 'failed'), skipped: stagesWith(report, 'skipped') }, context).toEqual({ failed: assignment, skipped: [] });
    expect(report.gradable, context).toBe(true);
    expect(run.code, context).toBe(assignment?.length === 0 ? 0 : 1);
  });

  it.for(atProtocolLevel)('$file at level protocol fails exactly the stages the README names', async ({ file, protocol }, { expect }) => {
    const run = await checkFixture(file, 'protocol');
    const report = parseReport(run);
    const context = describeCheckerRun(run);
    expect(stagesWith(report, 'failed'), context).toEqual(protocol);
    // A command target can be sent SIGTERM, so shutdown runs too: nothing is skipped.
    expect(stagesWith(report, 'skipped'), context).toEqual([]);
    expect(report.stages.map((stage) => stage.id), context).toContain('shutdown');
    expect(run.code, context).toBe(protocol?.length === 0 ? 0 : 1);
  });

  it.for(notStarting)('$file is not gradable: exit 3, listen fails saying why in one line, with the exit and last output, every other stage not run', async ({ file }, { expect }) => {
    const run = await checkFixture(file, 'assignment');
    const report = parseReport(run);
    const context = describeCheckerRun(run);
    expect(run.code, context).toBe(3);
    expect(report.gradable).toBe(false);
    expect(stagesWith(report, 'failed')).toEqual(['listen']);
    expect(stagesWith(report, 'skipped')).toEqual(report.stages.map((stage) => stage.id).filter((id) => id !== 'listen'));
    for (const stage of report.stages.slice(1)) expect(stage.message).toBe('not run: your server never listened (stage listen shows why)');
    const why = WHY_NOT_STARTED[file];
    expect(why, `${file}: add what it must say to WHY_NOT_STARTED`).toBeDefined();
    expect(report.startError, context).toMatch(why!);
    const [listen] = report.stages;
    expect(listen.message).toBe(`expected your server to listen on port ${portOf(report)}, but got ${report.startError}`);
    expect(listen.details).toContain('your server exited with code 1; its last output:');
    // With the report on stdout, the human lines are on stderr: there one line says why.
    const said = linesOf(run.stderr).filter((line) => line.startsWith('could not check the server'));
    expect(said, context).toEqual([`could not check the server: ${report.startError}`]);
  });
});

/** What the report's startError (and listen's trace) must say for each server that never listens. */
const WHY_NOT_STARTED: Record<string, RegExp> = {
  'exits-at-start.py': /^your server exited with code 1 before listening: NameError: name 'srve' is not defined/,
  'asks-port.py': /^your server reads input from the keyboard; the checker types nothing: take the port from PORT or use \d+$/,
  'binds-port-twice.py': /^your server exited with code 1 before listening: OSError: \[Errno 98\] Address already in use$/,
  'binds-other-address.py': /^your server exited with code 1 before listening: OSError: \[Errno 99\] Cannot assign requested address$/,
};

const portOf = (report: { stages: { details: string[] }[] }): string => /listen on port (\d+)/.exec(report.stages[0].details.join('\n'))?.[1] ?? '?';
