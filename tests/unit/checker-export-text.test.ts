import { describe, expect, it } from 'vitest';
import { formatStageDetails, formatStageLine, renderReport } from '../../checker/export';
import type { StageResult } from '../../checker/model';
import { HOSTILE_RAW, HOSTILE_SHOWN, NEVER_LISTENED, SAMPLE_REPORTS, SKIPPED_STAGE, SOME_FAILED } from './support/checker-report-samples';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;
/** What must never reach a terminal raw: controls except LF, separators, bidi controls, BOM, non-characters, lone surrogates. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|\p{Cs}/u;
const stageOf = (id: string, stages: StageResult[]): StageResult => stages.find((stage) => stage.id === id)!;

describe('text export: the human report as one string', () => {
  it('shows a server that never listened: header, one line per stage, the failure trace, why, the summary', () => {
    expect(renderReport('text', NEVER_LISTENED)).toBe(
      [
        'charcount-check: checking python3 server.py (level assignment, seed 424242)',
        'FAIL listen  accepts a TCP connection on port 12345  (56 ms)',
        '    step 1: started "python3 server.py" (process group 4242)',
        '    step 2: connected to 127.0.0.1:12345: refused, 50 times in 10 s',
        '    expected a listening socket, but got: exited with code 1',
        '      [your_server] Traceback (most recent call last):',
        '      [your_server] OSError: [Errno 98] Address already in use',
        '    hint: see lab-notes/analysis.md#5-one-client-versus-many',
        'SKIP reply-text  replies with the exact text, no newline needed  (0 ms)',
        '    not run: the server never accepted a connection',
        'SKIP count-unicode  counts code points, not bytes  (0 ms)',
        '    not run: the server never accepted a connection',
        'SKIP second-client  serves a second client, and a tenth  (0 ms)',
        '    not run: the server never accepted a connection',
        'SKIP long-message  counts 1,500 B, 64 KiB and 1 MiB messages whole  (0 ms)',
        '    not run: the server never accepted a connection',
        'SKIP split-character  counts a character split across reads once  (0 ms)',
        '    not run: the server never accepted a connection',
        'SKIP concurrent-clients  serves 5 clients at once  (0 ms)',
        '    not run: the server never accepted a connection',
        'SKIP invalid-utf8  survives invalid UTF-8  (0 ms)',
        '    not run: the server never accepted a connection',
        'could not check the server: your server exited with code 1 before it listened on port 12345',
        'score 0/15, 0 passed, 1 failed, 7 skipped; seed 424242 (rerun with --seed 424242)',
        '',
      ].join('\n'),
    );
  });

  it('ends with the score, the counts and the seed to rerun with', () => {
    expect(renderReport('text', SOME_FAILED).trimEnd().split('\n').at(-1)).toBe(
      'score 17/21, 12 passed, 2 failed, 0 skipped; seed 424242 (rerun with --seed 424242)',
    );
    expect(renderReport('text', SKIPPED_STAGE)).toContain(
      'SKIP shutdown  answers messages in flight on SIGTERM, exits 0  (0 ms)\n' +
        '    not run: only a program the checker starts can be sent SIGTERM\n' +
        'score 20/20, 13 passed, 0 failed, 1 skipped; seed 424242 (rerun with --seed 424242)\n',
    );
  });

  it('lists passed stages without details and indents every line of a failure trace under its stage', () => {
    const text = renderReport('text', SOME_FAILED);
    expect(text).toContain('PASS listen  accepts a TCP connection on port 12345  (56 ms)\nFAIL reply-text');
    expect(text).toContain(
      'FAIL invalid-utf8  survives invalid UTF-8  (99 ms)\n' +
        '    step 1: sent "abc\\xFFdef" (7 bytes) and half-closed\n' +
        '    expected a reply or a close, but your server exited with code 1\n' +
        '    hint: decode errors must not end the server; see lab-notes/analysis.md#4-invalid-input\n' +
        'PASS line-framing',
    );
  });

  it('shows control characters a server sent as escapes, so they cannot rewrite the terminal or forge a line', () => {
    const text = renderReport('text', SOME_FAILED);
    expect(text).toContain(`    your server also printed: ${HOSTILE_SHOWN}\n`);
    expect(HOSTILE_RAW).toMatch(UNSAFE);
    expect(text).not.toMatch(UNSAFE);
    expect(text).not.toMatch(ANSI);
    const forged = { ...stageOf('listen', SOME_FAILED.stages), title: 'ok\nPASS everything', status: 'failed' as const, details: ['a\rb'] };
    expect(formatStageLine(forged, { color: false })).toBe('FAIL listen  ok\\nPASS everything  (56 ms)');
    expect(formatStageDetails(forged)).toEqual(['    a\\rb']);
  });

  it('colours only the status word, and only when asked', () => {
    const [passed, failed] = SOME_FAILED.stages;
    const skipped = stageOf('shutdown', SKIPPED_STAGE.stages);
    expect(formatStageLine(passed, { color: true })).toBe('\x1b[32mPASS\x1b[0m listen  accepts a TCP connection on port 12345  (56 ms)');
    expect(formatStageLine(failed, { color: true })).toBe('\x1b[31mFAIL\x1b[0m reply-text  replies with the exact text, no newline needed  (85 ms)');
    expect(formatStageLine(skipped, { color: true })).toBe('\x1b[33mSKIP\x1b[0m shutdown  answers messages in flight on SIGTERM, exits 0  (0 ms)');
    for (const report of Object.values(SAMPLE_REPORTS)) expect(renderReport('text', report)).not.toMatch(ANSI);
  });

  it('rounds durations to whole milliseconds', () => {
    expect(formatStageLine({ ...SOME_FAILED.stages[0], durationMs: 1234.5 }, { color: false })).toMatch(/\(1235 ms\)$/);
  });
});
