/**
 * The Gradescope packager speaks the instructor's language, as charcount-check and
 * charcount-grade do: --lang id (else an Indonesian locale) gives its --help, its usage errors
 * and its last line in Indonesian, with no English sentence outside option names, file names
 * and commands; English otherwise.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPECTED_REPLY } from '../../checker';
import { PACKAGE_TEXTS } from '../../platforms/gradescope/package-texts';
import { englishIn } from '../support/english-in-indonesian';
import { ROOT } from '../support/paths';

const TS_NODE = join(ROOT, 'node_modules', '.bin', 'ts-node');

/** The packager as an instructor runs it (npm run package:gradescope -- ARGS), in an environment whose locale is `lang`. */
function packager(args: string[], lang: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang };
  return promisify(execFile)(TS_NODE, ['platforms/gradescope/package.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 110_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('package:gradescope in Indonesian', () => {
  it('--help with an Indonesian locale is the Indonesian usage', { timeout: 120_000 }, async () => {
    const run = await packager(['--help'], 'id_ID.UTF-8');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cara pakai: npm run package:gradescope -- /);
    expect(run.stdout).toContain('--points N                 poin tugas di Gradescope');
    expect(englishIn(run.stdout), run.stdout).toEqual([]);
  });

  it('a usage error with --lang id is one Indonesian line and exit code 2, even under an English locale', { timeout: 120_000 }, async () => {
    const run = await packager(['--points', 'banyak', '--lang', 'id'], 'C.UTF-8');
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'package:gradescope: --points "banyak" bukan jumlah poin; berikan poin tugas, misalnya --points 100\n' });
  });

  it('every text has no English sentence in Indonesian', () => {
    const say = PACKAGE_TEXTS.id;
    const texts = [
      say.usage({ defaultOut: 'dist/gradescope/autograder.zip', defaultReply: DEFAULT_EXPECTED_REPLY }),
      say.unknownOption({ option: "'--colour'" }),
      say.missingValue({ option: '--out' }),
      say.unexpectedArgument({ argument: "'zip'" }),
      say.notPoints({ value: '"x"' }),
      say.nothingToScale({ points: 10, rubric: 'rubric.json' }),
      say.wrongNode({ node: 'v24.1.0, darwin arm64', shared: true, major: 24 }),
      say.lineBreak(),
      say.wrote({ out: 'autograder.zip', megabytes: '40.1', files: 11, node: 'v24.1.0', level: 'assignment', points: 'scaled', rubric: null, reply: 'Banyak: {n}', maxPoints: 20 }),
      say.couldNotWrite({ error: 'ENOSPC: no space left on device' }),
    ];
    for (const text of texts) expect(englishIn(text), text).toEqual([]);
  });

  it('the last line, in both languages', () => {
    const facts = { out: 'autograder.zip', megabytes: '40.1', files: 11, node: 'v24.1.0', level: 'assignment', points: 'one-each' as const, rubric: null, reply: null, maxPoints: 8 };
    expect(PACKAGE_TEXTS.id.wrote(facts)).toBe(
      'autograder.zip telah ditulis (40.1 MB, 11 file: Node v24.1.0, charcount-check, tingkat assignment, setiap tahap bernilai 1 poin); unggah zip ini sebagai autograder sebuah programming assignment di Gradescope, dengan 8 poin',
    );
    expect(PACKAGE_TEXTS.en.wrote(facts)).toBe(
      "wrote autograder.zip (40.1 MB, 11 files: Node v24.1.0, charcount-check, level assignment, every stage worth 1 point); upload it as a Gradescope programming assignment's autograder, with 8 points",
    );
  });
});
