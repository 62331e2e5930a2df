/**
 * The Gradescope packager (npm run package:gradescope) takes the rubric as the checker and the
 * grader do: a version-2 rubric keeps its sentence, --expected-reply goes before it, and the
 * zip's rubric.json is version 2 (checker/schemas/rubric.schema.json), which the bundled
 * checker reads. A template the checker would refuse stops the packager, as charcount-check
 * would stop.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/class-builder';

const TS_NODE = join(ROOT, 'node_modules', '.bin', 'ts-node');
const PACKAGER = 'platforms/gradescope/package.ts';
const validateRubric = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, 'checker', 'schemas', 'rubric.schema.json'), 'utf8')));

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-gradescope-rubric-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function packager(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(TS_NODE, [PACKAGER, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const fileInZip = (zip: string, name: string): string => execFileSync('unzip', ['-p', zip, name], { encoding: 'utf8' });

describe('package:gradescope and the rubric', () => {
  it("writes a version-2 rubric.json with the rubric's points scaled to --points and the command line's sentence before the rubric's", async () => {
    const rubric = join(scratch, 'rubric.json');
    writeFileSync(rubric, JSON.stringify({ version: 2, points: { 'long-message': 3 }, expectedReply: 'Jumlah karakter: {n}' }));
    const zip = join(scratch, 'autograder.zip');
    const run = await packager(['--rubric', rubric, '--expected-reply', 'Banyak karakter: {n}', '--points', '20', '--out', zip]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/expected reply "Banyak karakter: \{n\}"\); upload it .* with 20 points\n$/u);
    const written = JSON.parse(fileInZip(zip, 'rubric.json')) as { version: number; points: Record<string, number>; expectedReply: string };
    expect(validateRubric(written) ? '' : JSON.stringify(validateRubric.errors)).toBe('');
    expect(written.version).toBe(2);
    expect(written.expectedReply).toBe('Banyak karakter: {n}');
    expect(Object.values(written.points).reduce((sum, points) => sum + points, 0)).toBeCloseTo(20);
    expect(fileInZip(zip, 'checker-args').split('\n')).toEqual(['--level', 'assignment', '--rubric', '/autograder/source/rubric.json', '']);
  }, 300_000);

  it.each([
    [['--expected-reply', 'a {n} {n} {x}'], /^package:gradescope: --expected-reply "a \{n\} \{n\} \{x\}": give a text on one line with \{n\} once/u],
    [['--lang', 'fr'], /^package:gradescope: --lang "fr" is not a language; give id \| en\n$/u],
  ])('refuses %j in one line, as charcount-check would, and writes no zip', async (args, line) => {
    const zip = join(scratch, 'refused.zip');
    const run = await packager([...args, '--out', zip]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(line);
    expect(existsSync(zip)).toBe(false);
  }, 120_000);
});
