/**
 * charcount-check and charcount-grade read --lang, --notes-url, --expected-reply and the
 * numbers with one set of readers: the same value is refused by both, with the same line, in
 * the language asked for.
 */
import { describe, expect, it } from 'vitest';
import { parseCheckOptions } from '../../checker/cli/options';
import { parseGradeOptions } from '../../grader/options';
import { UsageError } from '../../command-line/usage-error';

const ENGLISH = { LANG: 'C' };

function mistake(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('no usage error');
}

/** The same mistake, told by each program in the language of its --lang. */
function bothSay(flags: string[]): { check: string; grade: string } {
  const saved = process.env.LANG;
  process.env.LANG = ENGLISH.LANG;
  try {
    return { check: mistake(() => parseCheckOptions([...flags, '--', 'python3', 'server.py'], {})), grade: mistake(() => parseGradeOptions(['class', ...flags])) };
  } finally {
    if (saved === undefined) delete process.env.LANG;
    else process.env.LANG = saved;
  }
}

describe('the option readers both programs share', () => {
  it.each([
    [['--expected-reply', 'a {n} {n} {x}'], /^--expected-reply "a \{n\} \{n\} \{x\}": give a text on one line with \{n\} once/],
    [['--expected-reply', 'line\n{n}'], /^--expected-reply "line\\n\{n\}": give a text on one line/],
    [['--notes-url', 'lab-notes/'], /^--notes-url "lab-notes\/" is not a web address; give the address of the lab notes/],
    [['--lang', 'fr'], /^--lang "fr" is not a language; give id \| en$/],
    [['--level', 'expert'], /^--level "expert" is not a level; give assignment \| protocol$/],
    [['--seed', '1.5'], /^--seed "1.5" is not allowed; give a whole number from 0 to 4294967295$/],
  ])('refuse %j with the same line in both programs', (flags, line) => {
    const { check, grade } = bothSay(flags);
    expect(check).toMatch(line);
    expect(grade).toBe(check);
  });

  it.each([
    [['--expected-reply', 'a {n} {n}'], /^--expected-reply "a \{n\} \{n\}": berikan teks satu baris yang memuat \{n\} satu kali/],
    [['--notes-url', 'catatan/'], /^--notes-url "catatan\/" bukan alamat web; berikan alamat catatan praktikum/],
    [['--level', 'ahli'], /^--level "ahli" bukan tingkat yang dikenal; berikan assignment \| protocol$/],
    [['--seed', 'x'], /^--seed "x" tidak diizinkan; berikan bilangan bulat dari 0 sampai 4294967295$/],
  ])('say %j in Indonesian with --lang id, even when the mistake comes before --lang', (flags, line) => {
    const { check, grade } = bothSay([...flags, '--lang', 'id']);
    expect(check).toMatch(line);
    expect(grade).toBe(check);
  });

  it('take the same good values: a template with {n} once, an http(s) or file: address with one trailing slash', () => {
    const flags = ['--expected-reply', 'Banyak karakter: {n}', '--notes-url', 'https://lab.example/notes', '--lang', 'id'];
    const check = parseCheckOptions([...flags, '--', 'python3', 'server.py'], {});
    const grade = parseGradeOptions(['class', ...flags]);
    expect([check.expectedReply, check.notesUrl, check.language]).toEqual(['Banyak karakter: {n}', 'https://lab.example/notes/', 'id']);
    expect([grade.expectedReply, grade.notesUrl, grade.language]).toEqual([check.expectedReply, check.notesUrl, check.language]);
    expect(parseCheckOptions(['--notes-url', 'file:///srv/lab-notes/', '--', 'x'], {}).notesUrl).toBe('file:///srv/lab-notes/');
  });

  it('leave --expected-reply unset when not given, so the rubric (then the assignment\'s sentence) decides', () => {
    expect(parseCheckOptions(['--', 'x'], {}).expectedReply).toBeNull();
    expect(parseGradeOptions(['class']).expectedReply).toBeNull();
  });
});
