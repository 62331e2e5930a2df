/**
 * When there is nothing to check: a program that does not exist, a program that never
 * listens, a --host with nothing on its port. The checker says why in one line, skips what
 * it cannot run, exits 3 when it could not start the server (1 for a --host target, which it
 * does not start), and leaves no process behind.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheckerRun, linesOf, parseReport, pythonServer, runChecker, stagesWith, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

afterAll(stopCheckers);

const scratch = mkdtempSync(join(tmpdir(), 'charcount-check-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The report's one line saying why nothing could be checked. */
const whyLines = (output: string): string[] => linesOf(output).filter((line) => line.startsWith('could not check the server: '));
/** The lines that say `reason`: the reason is said once, and the skipped stages point at that line. */
const linesSaying = (output: string, reason: string): string[] => linesOf(output).filter((line) => line.includes(reason));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The process is gone (the checker stopped it and it was reaped), within `timeoutMs`. */
async function goneWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (isRunning(pid)) {
    if (performance.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 50));
  }
  return true;
}

describe('a command that cannot be started', () => {
  it('exits 3 with one line naming the missing command, listen failed and every other stage not run, no stack trace', async () => {
    const run = await runChecker(['--port', String(await quietPort()), '--', 'no-such-program']);
    const context = describeCheckerRun(run);
    expect(run.code, context).toBe(3);
    expect(whyLines(run.stdout), context).toEqual(['could not check the server: cannot start "no-such-program": no such command; check the command after --']);
    // listen's trace says it too, as what it got instead of a listening server.
    expect(linesSaying(run.stdout, 'but got cannot start "no-such-program": no such command'), context).toHaveLength(1);
    expect(linesOf(run.stdout).filter((line) => /^(PASS|FAIL) /.test(line)).map((line) => line.split('  ')[0]), context).toEqual(['FAIL listen']);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
  });
});

describe('a program that never listens', () => {
  it('exits 3 after --start-timeout, naming the port, and its process is stopped', async () => {
    const port = await quietPort();
    const pidFile = join(scratch, 'sleeper.pid');
    // A shell starts at once even on a busy machine (an interpreter behind a version manager's shim may not within 2 s).
    const sleeper = ['sh', '-c', 'echo $$ > "$1"; exec sleep 60', 'sleeper', pidFile];
    const run = await runChecker(['--port', String(port), '--start-timeout', '2', '--format', 'json', '--', ...sleeper]);
    const context = describeCheckerRun(run);
    expect(run.code, context).toBe(3);
    const expected = `nothing listened on port ${port} within 2 s of starting your server (does it use port ${port}, or the PORT environment variable?)`;
    expect(whyLines(run.stderr), context).toEqual([`could not check the server: ${expected}`]);
    const report = parseReport(run);
    expect(report.startError).toBe(expected);
    expect(report.gradable).toBe(false);
    expect(stagesWith(report, 'failed')).toEqual(['listen']);
    expect(stagesWith(report, 'skipped')).toEqual(report.stages.map((stage) => stage.id).filter((id) => id !== 'listen'));
    expect(run.durationMs, context).toBeLessThan(10_000);
    expect(await goneWithin(Number(readFileSync(pidFile, 'utf8')), 2000), 'the program still runs after the checker exited').toBe(true);
  });
});

describe('a --host target where nothing listens', () => {
  it('fails listen, skips every later stage as not run, is not gradable, exit 1', async () => {
    const port = await quietPort();
    const run = await runChecker(['--host', '127.0.0.1', '--port', String(port), '--format', 'json']);
    const context = describeCheckerRun(run);
    const report = parseReport(run);
    expect(run.code, context).toBe(1);
    expect(report.gradable).toBe(false);
    expect(report.target).toBe(`127.0.0.1:${port}`);
    const [listen, ...later] = report.stages;
    expect(listen.id).toBe('listen');
    expect(listen.status).toBe('failed');
    expect(listen.message).toContain('the connection was refused (nothing listens on the port)');
    for (const stage of later) expect([stage.id, stage.status, stage.message]).toEqual([stage.id, 'skipped', expect.stringMatching(/^not run: /)]);
    expect(whyLines(run.stderr), context).toHaveLength(1);
  });
});

describe('a server the checker started', () => {
  it('is stopped when the check ends: nothing listens on its port afterwards', async () => {
    const port = await quietPort();
    const run = await runChecker(['--port', String(port), '--only', 'listen', '--', ...pythonServer('correct-threads.py')]);
    expect(run.code, describeCheckerRun(run)).toBe(0);
    const after = await runChecker(['--host', '127.0.0.1', '--port', String(port), '--only', 'listen', '--format', 'json']);
    expect(parseReport(after).stages[0].message).toContain('the connection was refused');
  });
});
