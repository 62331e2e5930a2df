/**
 * `charcount-grade CLASS | head` and Ctrl-C: however the run ends, it leaves no staged copy of
 * the class in the temporary folder (TMPDIR, a scratch folder here, so only this run's copies
 * are in it), and a reader gone from stdout or stderr does not stop it writing its files.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRun, runGrader } from './support/grader-run';

let scratch: string;
let temporary: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-grade-pipe-'));
  temporary = join(scratch, 'tmp');
  mkdirSync(temporary);
  // Nothing here can run (no Docker needed): each is an error row, written to out/ all the same.
  for (let index = 0; index < 30; index++) {
    mkdirSync(join(scratch, 'class', `student${index}`), { recursive: true });
    writeFileSync(join(scratch, 'class', `student${index}`, 'main.py'), 'print(1)\n');
  }
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('charcount-grade whose reader goes away', () => {
  it('keeps grading when stdout is a closed pipe (| head), writes every file, exits as usual and leaves no staged copy', async () => {
    const run = await runGrader(['class', '--out', 'out', '--seed', '1'], { cwd: scratch, env: { TMPDIR: temporary }, started: (child) => child.stdout!.destroy() });
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stderr).toBe('');
    expect(readdirSync(join(scratch, 'out'))).toEqual(expect.arrayContaining(['grades.json', 'grades.csv', 'report.html', 'feedback']));
    expect(readdirSync(join(scratch, 'out', 'feedback'))).toHaveLength(30);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('says a usage error to a closed stderr and still exits 2, not as a crash', async () => {
    const run = await runGrader(['class', '--jobs', 'x'], { cwd: scratch, env: { TMPDIR: temporary }, started: (child) => child.stderr!.destroy() });
    expect(run.code, describeRun(run)).toBe(2);
  });

  it('leaves no staged copy whenever two Ctrl-C arrive (the second quits at once)', async () => {
    const run = await runGrader(['class', '--out', 'out'], {
      cwd: scratch,
      env: { TMPDIR: temporary },
      started: (child) => {
        child.stdout!.once('data', () => {
          child.kill('SIGINT');
          child.kill('SIGINT');
        });
      },
    });
    // Depending on where the signals land: 130 (stopped, or quit at once) or 1 (the class was done first).
    expect([130, 1], describeRun(run)).toContain(run.code);
    expect(readdirSync(temporary)).toEqual([]);
  });
});
