/**
 * charcount-grade stages a copy of the class in the temporary folder (the class folder is never
 * changed). However a run ends (done, refused after staging, stopped by a signal), it leaves
 * nothing there; what a run killed outright (SIGKILL) left, the next run removes: an
 * instructor's machine must not fill /tmp run after run. TMPDIR is a scratch
 * folder of each test's own, so only this run's files are in it. A real graded class, and
 * Ctrl-C amid its containers, are tests/integration/grader-class.test.ts's.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRun, runGrader } from './support/grader-run';

let scratch: string;
let temporary: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-grade-temporary-'));
  temporary = join(scratch, 'tmp');
  mkdirSync(temporary);
  // Nothing here can run (no Docker needed): each is an error row. A zip inside is unpacked
  // into the staged copy, so the copy holds more than the class folder did.
  for (let index = 0; index < 20; index++) {
    mkdirSync(join(scratch, 'class', `student${index}`), { recursive: true });
    writeFileSync(join(scratch, 'class', `student${index}`, 'main.py'), 'print(1)\n');
  }
  writeFileSync(join(scratch, 'class', 'student0', 'tugas1.zip'), 'PK not really a zip');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('charcount-grade leaves nothing in the temporary folder', () => {
  it('when the run ends with submissions it could not grade (exit 1)', async () => {
    const run = await runGrader(['class', '--out', 'out', '--seed', '1'], { cwd: scratch, env: { TMPDIR: temporary } });
    expect(run.code, describeRun(run)).toBe(1);
    expect(readdirSync(join(scratch, 'out', 'feedback'))).toHaveLength(20);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('when the output folder is refused after the class was staged (exit 2)', async () => {
    writeFileSync(join(scratch, 'out'), 'a file where the output folder should go\n');
    const run = await runGrader(['class', '--out', 'out'], { cwd: scratch, env: { TMPDIR: temporary } });
    expect(run.code, describeRun(run)).toBe(2);
    expect(run.stderr).toMatch(/^charcount-grade: .*out.*\n$/);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('when the class holds no submission (exit 2)', async () => {
    mkdirSync(join(scratch, 'empty'));
    const run = await runGrader(['empty', '--out', 'out'], { cwd: scratch, env: { TMPDIR: temporary } });
    expect(run.code, describeRun(run)).toBe(2);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('when %s stops it as it grades (exit 130, or 1 if the class was done first)', async (signal) => {
    const run = await runGrader(['class', '--out', 'out'], {
      cwd: scratch,
      env: { TMPDIR: temporary },
      // Its first line comes once the class is staged, with the signal handlers in place.
      started: (child) => child.stdout!.once('data', () => child.kill(signal)),
    });
    expect([130, 1], describeRun(run)).toContain(run.code);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('after SIGKILL (no exit handler runs), from the next run, which removes the copy the killed one left', async () => {
    const killed = await runGrader(['class', '--out', 'out'], {
      cwd: scratch,
      env: { TMPDIR: temporary },
      started: (child) => child.stdout!.once('data', () => child.kill('SIGKILL')),
    });
    expect(killed.signal, describeRun(killed)).toBe('SIGKILL');
    const left = readdirSync(temporary);
    expect(left).toEqual([expect.stringMatching(/^charcount-grade-\d+-/)]);
    const next = await runGrader(['class', '--out', 'out'], { cwd: scratch, env: { TMPDIR: temporary } });
    expect(next.code, describeRun(next)).toBe(1);
    expect(readdirSync(temporary)).toEqual([]);
  });
});
