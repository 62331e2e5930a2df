/**
 * The kit's own server (dist/server/main.js), started by the checker as a student's program
 * would be: it passes every stage of both levels. Level protocol includes shutdown, which
 * only a command target can run (the checker sends the program SIGTERM).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheckerRun, parseReport, runChecker, SERVER_JS, stagesWith, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

afterAll(stopCheckers);

// An empty working directory: the server reads a .env from where it starts, and a developer's must not count.
const emptyDir = mkdtempSync(join(tmpdir(), 'charcount-check-reference-'));
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

describe('the reference server', () => {
  it.each(['assignment', 'protocol'] as const)('passes every stage of level %s, exit 0', async (level) => {
    const run = await runChecker(['--port', String(await quietPort()), '--level', level, '--format', 'json', '--', process.execPath, SERVER_JS], { cwd: emptyDir });
    const report = parseReport(run);
    const context = describeCheckerRun(run);
    expect({ failed: stagesWith(report, 'failed'), skipped: stagesWith(report, 'skipped') }, context).toEqual({ failed: [], skipped: [] });
    expect(report.stages.length).toBe(level === 'assignment' ? 8 : 14);
    expect(report.score).toBe(report.maxScore);
    expect(run.code, context).toBe(0);
  });
});
