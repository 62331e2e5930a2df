/**
 * What a failure looks like on the terminal: the CS144-style trace under a FAIL line (the
 * steps so far, "expected …, but got …", the bytes escaped with a caret under the first
 * difference, the program's last output after a crash, a hint linking the analysis guide),
 * and the program's own output, prefixed [your_server] and capped.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheckerRun, linesOf, pythonServer, runChecker, SERVERS_DIR, stopCheckers } from './support/checker-run';
import { quietPort } from './support/ports';

afterAll(stopCheckers);

/** The indented lines under a stage's FAIL line, without their 4-space indent. */
function traceOf(stdout: string, stageId: string): string[] {
  const lines = linesOf(stdout);
  const start = lines.findIndex((line) => line.startsWith(`FAIL ${stageId} `));
  if (start === -1) throw new Error(`no FAIL ${stageId} line in:\n${stdout}`);
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('    '));
  return lines.slice(start + 1, end === -1 ? undefined : end).map((line) => line.slice(4));
}

/** The code point under column `column` of a line (the caret line counts columns in characters). */
const charAt = (line: string, column: number): string | undefined => [...line][column];

describe('the failure trace of counts-bytes.py (counts bytes, not characters)', () => {
  it('shows the steps, expected and got, the bytes with a caret under the first difference, and a hint', async () => {
    const port = await quietPort();
    const run = await runChecker(['--port', String(port), '--only', 'count-unicode', '--', ...pythonServer('counts-bytes.py')]);
    expect(run.code, describeCheckerRun(run)).toBe(1);
    const trace = traceOf(run.stdout, 'count-unicode');
    expect(trace.slice(0, 5)).toEqual([
      'steps so far:',
      '  1. next: precomposed é (U+00E9), 4 code points',
      `  2. client 1: connected to localhost:${port}`,
      '  3. client 1: sent 5 bytes "café" (no newline)',
      '  4. client 1: half-closed its side (sent FIN), still reading',
    ]);
    expect(trace[5]).toMatch(/^ {2}5\. client 1: received 47 bytes "Jumlah karakter dalam kalimat tersebut adalah 5" ended by LF \(\d+ ms\)$/);
    expect(trace.slice(6, 8)).toEqual([
      'expected a reply counting 4: "Jumlah karakter dalam kalimat tersebut adalah 4", but got "Jumlah karakter dalam kalimat tersebut adalah 5"',
      '  sent:     "café"',
    ]);
    const [expected, received, caret] = trace.slice(8, 11);
    expect(expected).toMatch(/^ {2}expected: .*"akter dalam kalimat tersebut adalah 4"$/);
    expect(received).toMatch(/^ {2}received: .*"akter dalam kalimat tersebut adalah 5"$/);
    expect(caret).toMatch(/^ +\^ first difference at byte 46$/);
    const column = caret.indexOf('^');
    expect([charAt(expected, column), charAt(received, column)], `the caret points at the counts:\n${trace.join('\n')}`).toEqual(['4', '5']);
    // What the checker found comes before the hint, and the hint is the cause's own fix.
    expect(trace.at(-2)).toBe("found: the reply's count, 5, is the message's length in UTF-8 bytes (len(data) before decoding); it has 4 characters (code points)");
    expect(trace.at(-1)).toBe('hint: count the decoded string: len(data.decode("utf-8")), not len(data) (lab-notes/analysis.md#3-what-is-a-character)');
  });
});

describe('the failure trace of crashes-on-invalid.py (dies on invalid UTF-8)', () => {
  it('escapes the invalid byte as \\xFF and ends with the exit and the program\'s last output', async () => {
    const run = await runChecker(['--port', String(await quietPort()), '--only', 'invalid-utf8', '--', ...pythonServer('crashes-on-invalid.py')]);
    expect(run.code, describeCheckerRun(run)).toBe(1);
    const trace = traceOf(run.stdout, 'invalid-utf8');
    expect(trace).toContain('expected your server to keep running after invalid UTF-8, but got it stopped');
    expect(trace).toContain('  sent:     "abc\\xFFdef"');
    expect(trace).toContain('your server exited with code 1; its last output:');
    expect(trace).toContainEqual(expect.stringMatching(/^ {2}\[your_server\] UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 3/));
    // The student's own frame, not Python's codec module.
    expect(trace).toContainEqual(expect.stringMatching(/^found: your program raised an error: "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 3: invalid start byte" \(threaded_server\.py, line \d+\)$/));
    expect(trace.at(-1)).toMatch(/\(lab-notes\/write-your-server\.md#5-invalid-utf8-survive-bytes-that-are-not-utf-8\)$/);
  });
});

describe('the program\'s output', () => {
  it('is shown live with the [your_server] prefix', async () => {
    const port = await quietPort();
    const run = await runChecker(['--port', String(port), '--only', 'listen', '--', ...pythonServer('correct-threads.py')]);
    expect(linesOf(run.stdout), describeCheckerRun(run)).toContain(`[your_server] correct-threads: listening on localhost:${port}`);
  });

  it('is cut after 200 lines with one notice, and a program that prints 10,000 lines is still checked to the end', async () => {
    const noisy = `import sys; sys.path.insert(0, ${JSON.stringify(SERVERS_DIR)})
for n in range(10000): print("line", n)
import threaded_server; threaded_server.serve()`;
    const run = await runChecker(['--port', String(await quietPort()), '--', 'python3', '-c', noisy]);
    const context = describeCheckerRun(run);
    expect(run.code, context).toBe(0);
    const lines = linesOf(run.stdout);
    const shown = lines.filter((line) => line.startsWith('[your_server] '));
    expect(shown.length, context).toBeLessThanOrEqual(200);
    expect(shown.slice(0, 3)).toEqual(['[your_server] line 0', '[your_server] line 1', '[your_server] line 2']);
    const notices = lines.filter((line) => line.startsWith('[checker] your server\'s output passed'));
    expect(notices).toEqual(['[checker] your server\'s output passed 200 lines; the rest is not shown (its last lines appear in failure traces)']);
    expect(lines.filter((line) => line.startsWith('PASS '))).toHaveLength(8);
  });
});
