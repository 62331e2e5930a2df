/**
 * --moodle-worksheet on the worksheets of an English and an Indonesian Moodle: each graded
 * participant's grade scaled to the worksheet's maximum (its decimal comma kept) and a short
 * comment in the chosen language; no grade for a submission not graded, the comment saying why;
 * every other cell, the header row, the byte order mark and the CRLF rows as downloaded.
 */
import { notesBase, stageHint } from '../../checker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StageResult } from '../../checker/model';
import { ASSIGNMENT_STAGES } from '../../checker/stages/assignment-stages';
import type { Grades, SubmissionGrade } from '../../grader/grades';
import { fillWorksheet, readWorksheet, type Worksheet } from '../../grader/moodle-worksheet';
import { DEFAULT_GRADE_LIMITS } from '../../grader/options';
import { EXPECTED, MOODLE_FIXTURES } from './support/moodle-class';
import { worksheetDifferences } from './support/worksheet-cells';

const AMBIGUOUS =
  'more than one file starts a TCP server (soal1.py, soal2.py) and none is clearly the one: name the file to run in charcount-entry.txt, or the instructor chooses with --entry';

function stages(passed: boolean): StageResult[] {
  return ASSIGNMENT_STAGES.map((stage) => ({
    id: stage.id,
    title: stage.title('en'),
    status: passed ? 'passed' : 'skipped',
    points: passed ? 1 : 0,
    maxPoints: 1,
    durationMs: 1,
    message: '',
    details: [],
    diagnoses: [],
    hint: stageHint(stage.id, 'en', notesBase(null)),
    record: [],
  }));
}

/** The grades the Moodle class earns (tests/grader/support/moodle-class.ts). */
function classGrades(): Grades {
  const submissions = Object.entries(EXPECTED).map(([id, expected]): SubmissionGrade => {
    const base = { name: `Student_${id}_assignsubmission_file_`, student: { name: 'Student', id }, maxScore: 8, durationMs: null, entry: null, stages: [] };
    if (expected.status === 'error') return { ...base, status: 'error', reason: AMBIGUOUS, score: null };
    if (expected.status === 'missing') return { ...base, status: 'missing', reason: 'nothing was handed in', score: null };
    const entry = { file: expected.file!, reason: 'x' };
    return expected.full
      ? { ...base, status: 'graded', reason: null, score: 8, entry, stages: stages(true) }
      : { ...base, status: 'graded', reason: "your server exited with code 1 before listening: NameError: name 'PORT_OFFSET' is not defined", score: 0, entry, stages: stages(false) };
  });
  return {
    version: 2,
    level: 'assignment',
    seed: 1,
    settings: { jobs: 1, level: 'assignment', rubric: null, limits: DEFAULT_GRADE_LIMITS, startedAt: '', finishedAt: '', checkerVersion: null },
    submissions,
  };
}

function fixture(name: string): string {
  return readFileSync(join(MOODLE_FIXTURES, name), 'utf8');
}

describe('--moodle-worksheet', () => {
  it.each([
    ['English', 'en'],
    ['Indonesian', 'id'],
  ] as const)('fills the worksheet of an %s Moodle cell by cell as expected', (_name, language) => {
    const worksheet = readWorksheet(fixture(`worksheet-${language}.csv`)) as Worksheet;
    const filled = fillWorksheet(worksheet, classGrades(), language);
    expect(worksheetDifferences(filled.text, fixture(`expected-${language}.csv`))).toEqual([]);
    expect([filled.filled, filled.ungraded]).toEqual([8, 3]);
  });

  it('scales to the worksheet\'s maximum grade', () => {
    const worksheet = readWorksheet('Identifier,Grade,Maximum Grade,Last modified (grade)\r\nParticipant 100010,,20.00,-\r\n') as Worksheet;
    const grades = classGrades();
    grades.submissions = grades.submissions.map((submission) => (submission.student?.id === '100010' ? { ...submission, score: 5, reason: null } : submission));
    expect(fillWorksheet(worksheet, grades, 'en').text).toBe('Identifier,Grade,Maximum Grade,Last modified (grade)\r\nParticipant 100010,12.5,20.00,-\r\n');
  });

  it('says in one line which columns a file that is not a worksheet lacks', () => {
    expect(readWorksheet('name,score\r\nalice,3\r\n')).toBe(
      'it has no column "Identifier" (or "Tanda pengenal"), "Grade" (or "Nilai"), "Maximum Grade" (or "Nilai maksimum"); give the file from Moodle\'s "Download grading worksheet", with the assignment\'s "Offline grading worksheet" feedback type on',
    );
  });
});
