/**
 * What the checker's options change in what a user gets: --rubric points in the json score,
 * --seed replaying the same bytes, --out writing the report to a file, the json report alone
 * on stdout, and colour only at a terminal without NO_COLOR.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../checker/model';
import { describeCheckerRun, linesOf, parseReport, pythonServer, runChecker, runCheckerInTerminal, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

afterAll(stopCheckers);

const scratch = mkdtempSync(join(tmpdir(), 'charcount-check-output-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A check of `server` on a port of its own. */
async function check(server: string, args: string[], env?: Record<string, string>): Promise<ReturnType<typeof runChecker>> {
  return runChecker(['--port', String(await quietPort()), ...args, '--', ...pythonServer(server)], { env });
}

describe('--rubric', () => {
  it('gives each stage its points in the json report, 1 for a stage it does not name, and adds them up', async () => {
    const rubric = join(scratch, 'rubric.json');
    writeFileSync(rubric, JSON.stringify({ listen: 2, 'long-message': 3, 'split-character': 0 }));
    // one-recv.py fails long-message and split-character.
    const run = await check('one-recv.py', ['--rubric', rubric, '--format', 'json']);
    const report = parseReport(run);
    const points = Object.fromEntries(report.stages.map((stage) => [stage.id, `${stage.points}/${stage.maxPoints}`]));
    expect(points, describeCheckerRun(run)).toEqual({
      listen: '2/2',
      'reply-text': '1/1',
      'count-unicode': '1/1',
      'second-client': '1/1',
      'long-message': '0/3',
      'split-character': '0/0',
      'concurrent-clients': '1/1',
      'invalid-utf8': '1/1',
    });
    expect({ score: report.score, maxScore: report.maxScore }).toEqual({ score: 7, maxScore: 10 });
  });
});

describe('the reply reply-text demands', () => {
  it('is the rubric\'s expectedReply (version 2), recorded in the report, and own-sentence.py then passes every stage', async () => {
    const rubric = join(scratch, 'rubric-v2.json');
    writeFileSync(rubric, JSON.stringify({ version: 2, points: { 'long-message': 3 }, expectedReply: 'Jumlah karakter: {n}' }));
    const run = await check('own-sentence.py', ['--rubric', rubric, '--format', 'json', '--only', 'reply-text,long-message']);
    const report = parseReport(run);
    expect(report.expectedReply, describeCheckerRun(run)).toBe('Jumlah karakter: {n}');
    expect(report.stages.map((stage) => `${stage.id} ${stage.status} ${stage.points}/${stage.maxPoints}`)).toEqual(['reply-text passed 1/1', 'long-message passed 3/3']);
    expect(run.code).toBe(0);
  });

  it('is --expected-reply when given, over the rubric\'s: reply-text then shows that sentence as expected', async () => {
    const rubric = join(scratch, 'rubric-own.json');
    writeFileSync(rubric, JSON.stringify({ version: 2, expectedReply: 'Jumlah karakter: {n}' }));
    const run = await check('own-sentence.py', ['--rubric', rubric, '--expected-reply', 'Banyak karakter: {n}', '--format', 'json', '--only', 'reply-text']);
    const report = parseReport(run);
    expect(report.expectedReply, describeCheckerRun(run)).toBe('Banyak karakter: {n}');
    const [replyText] = report.stages;
    expect(replyText.status).toBe('failed');
    expect(replyText.message).toMatch(/^expected "Banyak karakter: \d+", but got "Jumlah karakter: \d+"$/);
  });
  it('is what a count stage shows as its example too: a count fault is shown against the instructor\'s sentence, not the assignment\'s', async () => {
    const run = await check('counts-bytes.py', ['--expected-reply', 'Jumlah karakter: {n}', '--format', 'json', '--only', 'count-unicode']);
    const [countUnicode] = parseReport(run).stages;
    expect(countUnicode.status, describeCheckerRun(run)).toBe('failed');
    expect(countUnicode.message).toMatch(/^expected a reply counting \d+: "Jumlah karakter: \d+", but got /);
  });
});

describe('--seed', () => {
  /**
   * The --verbose lines of bytes sent: `[checker] client 3 -> "..."`. What a seed fixes is the
   * bytes; whether a FIN follows, and how a reply ends, depend on the server's timing.
   */
  const byteLines = (stdout: string): string[] => linesOf(stdout).filter((line) => /^\[checker\] (client \d+|next client) -> "/.test(line));

  it('replays the same bytes: two runs with --seed 42 send identical bytes (--verbose), --seed 43 others', async () => {
    const [first, second, other] = await Promise.all(['42', '42', '43'].map((seed) => check('correct-threads.py', ['--seed', seed, '--verbose'])));
    for (const run of [first, second, other]) expect(run.code, describeCheckerRun(run)).toBe(0);
    expect(byteLines(first.stdout).length).toBeGreaterThan(50);
    expect(byteLines(second.stdout)).toEqual(byteLines(first.stdout));
    expect(byteLines(other.stdout)).not.toEqual(byteLines(first.stdout));
    expect(linesOf(first.stdout)[0]).toMatch(/\(level assignment, seed 42\)$/);
    expect(linesOf(first.stdout).at(-1)).toMatch(/; seed 42 \(rerun with --seed 42\)$/);
  });
});

const FEW_STAGES = ['--only', 'listen,reply-text,count-unicode'];

describe('--out FILE', () => {
  it('writes the chosen format to the file, and the text report still goes to stdout', async () => {
    const out = join(scratch, 'report.xml');
    const run = await check('normalizes.py', [...FEW_STAGES, '--format', 'junit', '--out', out]);
    const context = describeCheckerRun(run);
    expect(run.code, context).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="charcount-check" tests="3" failures="1" /);
    expect(xml).toContain('count-unicode');
    const lines = linesOf(run.stdout);
    expect(lines[0], context).toMatch(/^charcount-check: checking python3 .*normalizes\.py \(level assignment, seed \d+\)$/);
    expect(lines.filter((line) => /^(PASS|FAIL|SKIP) /.test(line)).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['PASS listen', 'PASS reply-text', 'FAIL count-unicode']);
    expect(lines.at(-1)).toMatch(/^score 2\/3, 2 passed, 1 failed, 0 skipped; seed \d+/);
    expect(run.stderr, context).toBe('');
  });

  it('with --format text writes the same report to the file, without the program output lines', async () => {
    const out = join(scratch, 'report.txt');
    const run = await check('normalizes.py', [...FEW_STAGES, '--out', out]);
    const shown = linesOf(run.stdout).filter((line) => !line.startsWith('[your_server] '));
    expect(linesOf(readFileSync(out, 'utf8'))).toEqual(shown);
  });
});

describe('--format json without --out', () => {
  it('puts only the JSON report on stdout and the human lines on stderr', async () => {
    const run = await check('normalizes.py', [...FEW_STAGES, '--format', 'json']);
    const context = describeCheckerRun(run);
    const report: CheckReport = JSON.parse(run.stdout);
    expect(report.stages.map((stage) => stage.status), context).toEqual(['passed', 'passed', 'failed']);
    const lines = linesOf(run.stderr);
    expect(lines[0], context).toMatch(/^charcount-check: checking /);
    expect(lines).toContainEqual(expect.stringMatching(/^\[your_server\] normalizes: listening on localhost:\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL count-unicode /));
    expect(lines.at(-1)).toMatch(/^score 2\/3, /);
  });
});

describe('colour', () => {
  const ESC = '\x1b';
  const args = async (): Promise<string[]> => ['--port', String(await quietPort()), '--only', 'listen,reply-text', '--', ...pythonServer('english.py')];

  it('is never written to a pipe', async () => {
    const run = await runChecker(await args());
    expect(run.stdout, describeCheckerRun(run)).toMatch(/^FAIL reply-text /m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(ESC);
  });

  it('marks PASS and FAIL at a terminal, and not at all when NO_COLOR is set', async () => {
    const coloured = await runCheckerInTerminal(await args());
    expect(coloured.stdout, describeCheckerRun(coloured)).toContain('\x1b[32mPASS\x1b[0m listen ');
    expect(coloured.stdout).toContain('\x1b[31mFAIL\x1b[0m reply-text ');
    const plain = await runCheckerInTerminal(await args(), { env: { NO_COLOR: '1' } });
    expect(plain.stdout, describeCheckerRun(plain)).toMatch(/^FAIL reply-text /m);
    expect(plain.stdout).not.toContain(ESC);
  });
});
