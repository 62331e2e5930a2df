import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, isExportFormat, renderReport } from '../../checker/export';
import type { CheckReport } from '../../checker/model';
import {
  ALL_PASSED,
  HOSTILE_RAW,
  HOSTILE_SHOWN,
  MARKUP,
  NEVER_LISTENED,
  REPLY_TEXT_TRACE,
  SAMPLE_REPORTS,
  SKIPPED_STAGE,
  SOME_FAILED,
} from './support/checker-report-samples';

/** The reply-text trace as every human-readable export shows it. */
const SHOWN_TRACE = REPLY_TEXT_TRACE.map((line) => line.replace(HOSTILE_RAW, HOSTILE_SHOWN)).join('\n');
const START_ERROR_LINE = 'could not check the server: your server exited with code 1 before it listened on port 12345';

/** A test entry of any platform's results, read back from JSON. */
interface Named {
  name: string;
  [field: string]: unknown;
}
const gradescope = (report: CheckReport) => JSON.parse(renderReport('gradescope', report));
const prairielearn = (report: CheckReport) => JSON.parse(renderReport('prairielearn', report));
const classroom = (report: CheckReport) => JSON.parse(Buffer.from(renderReport('classroom', report), 'base64').toString('utf8'));
const named = <T extends Named>(tests: T[], prefix: string): T => tests.find((test) => test.name.startsWith(`${prefix}:`))!;

describe('renderReport: one entry point for every format', () => {
  it('offers exactly the documented formats and recognises only them', () => {
    expect(EXPORT_FORMATS).toEqual(['text', 'json', 'junit', 'gradescope', 'prairielearn', 'classroom', 'html']);
    expect(EXPORT_FORMATS.every(isExportFormat)).toBe(true);
    expect(isExportFormat('xml')).toBe(false);
    expect(isExportFormat('JSON')).toBe(false);
  });

  it('ends every file format with a newline, and the classroom result with none (it becomes one GITHUB_OUTPUT line)', () => {
    for (const report of Object.values(SAMPLE_REPORTS)) {
      for (const format of EXPORT_FORMATS.filter((name) => name !== 'classroom')) expect(renderReport(format, report).endsWith('\n'), format).toBe(true);
      expect(renderReport('classroom', report)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
  });
});

describe('json export: the model as a pretty-printed document', () => {
  it('reads back as the very report it came from', () => {
    for (const report of Object.values(SAMPLE_REPORTS)) expect(JSON.parse(renderReport('json', report))).toEqual(report);
  });

  it('starts with version 2, language, level, seed and score, indented by two spaces', () => {
    expect(renderReport('json', ALL_PASSED)).toMatch(/^\{\n {2}"version": 2,\n {2}"language": "en",\n {2}"level": "assignment",\n {2}"seed": 424242,\n {2}"score": 15,\n {2}"maxScore": 15,/);
  });
});

describe('gradescope export: results.json', () => {
  it('scores the submission with the report\'s points and each test with its stage\'s', () => {
    const results = gradescope(SOME_FAILED);
    expect(results.score).toBe(17);
    expect(named(results.tests, 'listen')).toMatchObject({ score: 1, max_score: 1, status: 'passed', visibility: 'visible' });
    expect(named(results.tests, 'reply-text')).toMatchObject({ score: 0, max_score: 2, status: 'failed' });
  });

  it('shows a failed stage\'s whole trace as the test\'s output, as plain text', () => {
    const results = gradescope(SOME_FAILED);
    expect(named(results.tests, 'reply-text').output).toBe(SHOWN_TRACE);
    expect([results.output_format, results.test_output_format, results.test_name_format]).toEqual(['text', 'text', 'text']);
  });

  it('leaves out a stage that does not apply (Gradescope would show 0/0 as passed) and says why in the summary', () => {
    const results = gradescope(SKIPPED_STAGE);
    expect(results.tests.map((test: Named) => test.name)).not.toContainEqual(expect.stringMatching(/^shutdown:/));
    expect(results.output).toContain('not scored here: shutdown: answers messages in flight on SIGTERM, exits 0: not run: only a program the checker starts can be sent SIGTERM');
    expect(results.output).toContain('score 20/20, 13 passed, 0 failed, 1 skipped');
  });

  it('fails the stages a server that never listened lost, and names why in the summary', () => {
    const results = gradescope(NEVER_LISTENED);
    expect(results.score).toBe(0);
    expect(results.tests.every((test: { status: string }) => test.status === 'failed')).toBe(true);
    expect(results.output).toContain(START_ERROR_LINE);
  });
});

describe('prairielearn export: results.json', () => {
  it('scores the fraction of points earned', () => {
    expect(prairielearn(SOME_FAILED).score).toBeCloseTo(17 / 21, 12);
    expect(prairielearn(ALL_PASSED).score).toBe(1);
    expect(prairielearn({ ...ALL_PASSED, score: 0, maxScore: 0, stages: [] }).score).toBe(0);
  });

  it('gives a failed stage\'s one-line message as the test\'s message and its whole trace as the output', () => {
    const test = named(prairielearn(SOME_FAILED).tests, 'reply-text');
    expect(test).toMatchObject({ points: 0, max_points: 2 });
    expect(test.message).toBe(`expected "Jumlah karakter dalam kalimat tersebut adalah 10", but got "${MARKUP} ${HOSTILE_SHOWN}"`);
    expect(test.output).toBe(SHOWN_TRACE);
  });

  it('marks a server that never listened not gradable, with the reason as a format error', () => {
    const results = prairielearn(NEVER_LISTENED);
    expect(results).toMatchObject({ gradable: false, message: START_ERROR_LINE, format_errors: [START_ERROR_LINE] });
    expect(prairielearn(SOME_FAILED)).toMatchObject({ gradable: true });
    expect(prairielearn(SOME_FAILED)).not.toHaveProperty('format_errors');
  });

  it('keeps a stage that does not apply as a 0-point test (shown neutrally) and the whole text report as output', () => {
    const results = prairielearn(SKIPPED_STAGE);
    expect(named(results.tests, 'shutdown')).toMatchObject({ points: 0, max_points: 0, output: '' });
    expect(results.output).toBe(renderReport('text', SKIPPED_STAGE));
  });
});

describe('classroom export: the base64 result the Classroom reporter reads', () => {
  it('decodes back to JSON that re-encodes to the same base64 (no line breaks, UTF-8 intact)', () => {
    const encoded = renderReport('classroom', SOME_FAILED);
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    expect(Buffer.from(decoded, 'utf8').toString('base64')).toBe(encoded);
    expect(decoded).toContain('ÿ');
    expect(classroom(SOME_FAILED)).toMatchObject({ version: 1, status: 'fail', max_score: 21 });
  });

  it('adds up to the report\'s score (the reporter sums tests[].score against max_score)', () => {
    for (const report of Object.values(SAMPLE_REPORTS)) {
      const result = classroom(report);
      expect(result.tests.reduce((sum: number, test: { score: number }) => sum + test.score, 0)).toBe(report.score);
      expect(result.max_score).toBe(report.maxScore);
    }
  });

  it('gives a failed stage\'s whole trace as its message, and line 0 so the reporter prints no line number', () => {
    const test = named(classroom(SOME_FAILED).tests, 'reply-text');
    expect(test).toMatchObject({ status: 'fail', score: 0, line_no: 0, execution_time: '0.085s' });
    expect(test.message).toBe(SHOWN_TRACE);
  });

  it('passes an all-passed run, leaves out a stage that does not apply, and errors a server that never listened', () => {
    expect(classroom(ALL_PASSED).status).toBe('pass');
    const skipped = classroom(SKIPPED_STAGE);
    expect(skipped.status).toBe('pass');
    expect(skipped.tests).toHaveLength(SKIPPED_STAGE.stages.length - 1);
    const never = classroom(NEVER_LISTENED);
    expect(never.status).toBe('error');
    expect(never.tests.map((test: { status: string }) => test.status)).toEqual(['fail', ...Array(7).fill('error')]);
    expect(never.tests[1].message).toBe(START_ERROR_LINE);
  });
});
