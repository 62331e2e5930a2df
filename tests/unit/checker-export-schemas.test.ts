import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../checker/export';
import type { CheckReport } from '../../checker/model';
import { arbitraryReport, SAMPLE_REPORTS } from './support/checker-report-samples';

const SCHEMAS = join(__dirname, '..', '..', 'checker', 'schemas');
const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
const compile = (file: string): ValidateFunction => ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')));

/** Each JSON export, how to read it back (the classroom result is base64 of the JSON), and its schema. */
const JSON_FORMATS = [
  { format: 'json', decode: JSON.parse, validate: compile('report.schema.json') },
  { format: 'gradescope', decode: JSON.parse, validate: compile('gradescope.schema.json') },
  { format: 'prairielearn', decode: JSON.parse, validate: compile('prairielearn.schema.json') },
  { format: 'classroom', decode: (text: string) => JSON.parse(Buffer.from(text, 'base64').toString('utf8')), validate: compile('classroom.schema.json') },
] as const;

function schemaErrors({ format, decode, validate }: (typeof JSON_FORMATS)[number], report: CheckReport): string {
  return validate(decode(renderReport(format, report))) ? '' : ajv.errorsText(validate.errors);
}

describe('JSON exports match their schemas', () => {
  for (const entry of JSON_FORMATS) {
    for (const [name, report] of Object.entries(SAMPLE_REPORTS)) {
      it(`${entry.format}: the "${name}" report validates against its schema`, () => {
        expect(schemaErrors(entry, report)).toBe('');
      });
    }
  }

  it('every random report (hostile text, any stage mix) exports valid documents in every JSON format', () => {
    fc.assert(
      fc.property(arbitraryReport, (report) => {
        for (const entry of JSON_FORMATS) expect(schemaErrors(entry, report), entry.format).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('the schemas reject what the platforms would misread', () => {
  const validate = (format: string, document: unknown): boolean => JSON_FORMATS.find((entry) => entry.format === format)!.validate(document);

  it('gradescope: a misspelt field, an unknown status or visibility', () => {
    expect(validate('gradescope', { score: 1, tests: [{ name: 'a', score: 1, max_score: 1 }] })).toBe(true);
    expect(validate('gradescope', { score: 1, tests: [{ name: 'a', score: 1, max_points: 1 }] })).toBe(false);
    expect(validate('gradescope', { score: 1, tests: [{ status: 'skipped' }] })).toBe(false);
    expect(validate('gradescope', { score: 1, stdout_visibility: 'public' })).toBe(false);
    expect(validate('gradescope', { output: 'no score anywhere' })).toBe(false);
  });

  it('prairielearn: a score outside 0..1, a gradable result without score', () => {
    expect(validate('prairielearn', { score: 0.5 })).toBe(true);
    expect(validate('prairielearn', { gradable: false })).toBe(true);
    expect(validate('prairielearn', { score: 7 })).toBe(false);
    expect(validate('prairielearn', { gradable: true })).toBe(false);
    expect(validate('prairielearn', { score: 1, tests: [{ name: 'a', maxPoints: 1 }] })).toBe(false);
  });

  it('classroom: a test without score (the reporter would add NaN), a status it does not know', () => {
    const test = { name: 'a', status: 'pass', score: 1, line_no: 0 };
    expect(validate('classroom', { version: 1, status: 'pass', max_score: 1, tests: [test] })).toBe(true);
    expect(validate('classroom', { version: 1, status: 'pass', max_score: 1, tests: [{ ...test, score: undefined }] })).toBe(false);
    expect(validate('classroom', { version: 1, status: 'passed', max_score: 1, tests: [test] })).toBe(false);
  });

  it('json: a stage status outside passed/failed/skipped, a missing seed', () => {
    const report = JSON.parse(renderReport('json', SAMPLE_REPORTS['all passed']));
    expect(validate('json', report)).toBe(true);
    expect(validate('json', { ...report, stages: [{ ...report.stages[0], status: 'pass' }] })).toBe(false);
    expect(validate('json', { ...report, seed: undefined })).toBe(false);
  });
});
