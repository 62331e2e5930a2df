/**
 * charcount-grade takes the reply to demand as charcount-check does: --expected-reply, else a
 * version-2 rubric's expectedReply, else the assignment's sentence. Seen without Docker through
 * what an instructor reads when it changes between two runs into the same --out: every
 * submission is graded again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runGrader } from './support/grader-run';

const CHANGED = /differ from the last run in out: every submission is graded again/;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-grade-reply-'));
  mkdirSync(join(scratch, 'class', 'alice'), { recursive: true });
  writeFileSync(join(scratch, 'class', 'alice', 'main.py'), 'print(1)\n');
  writeFileSync(join(scratch, 'a.json'), JSON.stringify({ version: 2, points: { listen: 2 }, expectedReply: 'Jumlah karakter: {n}' }));
  writeFileSync(join(scratch, 'b.json'), JSON.stringify({ version: 2, points: { listen: 2 }, expectedReply: 'Banyak karakter: {n}' }));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function grade(args: string[]): Promise<string> {
  const run = await runGrader(['class', '--out', 'out', '--seed', '3', '--lang', 'en', ...args], { cwd: scratch });
  expect(run.code, describeRun(run)).toBe(1);
  return run.stdout;
}

describe("charcount-grade and the rubric's expectedReply", () => {
  it('reads the sentence of a version-2 rubric, and --expected-reply goes before it', async () => {
    await grade(['--rubric', 'a.json']);
    expect(await grade(['--rubric', 'a.json'])).not.toMatch(CHANGED);
    // Another sentence in the rubric is another grading.
    expect(await grade(['--rubric', 'b.json'])).toMatch(CHANGED);
    // The command line's sentence over rubric b's is rubric a's sentence again.
    expect(await grade(['--rubric', 'b.json', '--expected-reply', 'Jumlah karakter: {n}'])).toMatch(CHANGED);
    expect(await grade(['--rubric', 'a.json'])).not.toMatch(CHANGED);
  });
});
