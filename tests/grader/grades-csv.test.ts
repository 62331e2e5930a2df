/**
 * grades.csv as a gradebook or spreadsheet reads it: RFC 4180 quoting, CRLF rows, a name a
 * spreadsheet would run as a formula defused, points without float noise, and an error row
 * with its stage columns left empty.
 */
import { notesBase, stageHint } from '../../checker';
import { describe, expect, it } from 'vitest';
import type { StageResult } from '../../checker/model';
import { ASSIGNMENT_STAGES } from '../../checker/stages/assignment-stages';
import { csvField, csvNumber, renderGradesCsv } from '../../grader/grades-csv';
import type { Grades, SubmissionGrade } from '../../grader/grades';
import { DEFAULT_GRADE_LIMITS } from '../../grader/options';

function stages(failed: string[]): StageResult[] {
  return ASSIGNMENT_STAGES.map((stage) => ({
    id: stage.id,
    title: stage.title('en'),
    status: failed.includes(stage.id) ? 'failed' : 'passed',
    points: failed.includes(stage.id) ? 0 : stage.id === 'long-message' ? 2.5 : 1,
    maxPoints: stage.id === 'long-message' ? 2.5 : 1,
    durationMs: 10,
    diagnoses: [],
    record: [],
    message: '',
    details: [],
    hint: stageHint(stage.id, 'en', notesBase(null)),
  }));
}

function grades(submissions: SubmissionGrade[]): Grades {
  return {
    version: 2,
    level: 'assignment',
    seed: 1,
    settings: { jobs: 2, level: 'assignment', rubric: '{"long-message":2.5}', limits: DEFAULT_GRADE_LIMITS, startedAt: '', finishedAt: '', checkerVersion: null },
    submissions,
  };
}

describe('grades.csv', () => {
  it('has name, student, id, status, score, maxScore, file, one column per stage in the checker order, and the reason, with CRLF rows; no score for a row not graded', () => {
    const row = { student: null, entry: null, durationMs: null };
    const csv = renderGradesCsv(
      grades([
        { ...row, name: 'alice', status: 'graded', reason: null, score: 9.5, maxScore: 9.5, stages: stages([]), entry: { file: 'Server.py', reason: 'x' } },
        { ...row, name: 'Budi_123_assignsubmission_file_', student: { name: 'Budi', id: '123' }, status: 'graded', reason: null, score: 5, maxScore: 9.5, stages: stages(['count-unicode', 'long-message', 'split-character']) },
        { ...row, name: 'carol', status: 'error', reason: 'two servers', score: null, maxScore: 9.5, stages: [] },
        { ...row, name: 'dan', status: 'missing', reason: 'nothing was handed in', score: null, maxScore: 9.5, stages: [] },
      ]),
    );
    expect(csv.split('\r\n')).toEqual([
      'name,student,id,status,score,maxScore,file,listen,reply-text,count-unicode,second-client,long-message,split-character,concurrent-clients,invalid-utf8,reason',
      'alice,,,graded,9.5,9.5,Server.py,1,1,1,1,2.5,1,1,1,',
      'Budi_123_assignsubmission_file_,Budi,123,graded,5,9.5,,1,1,0,1,0,0,1,1,',
      'carol,,,error,,9.5,,,,,,,,,,two servers',
      'dan,,,missing,,9.5,,,,,,,,,,nothing was handed in',
      '',
    ]);
  });

  it.each([
    ['Siti Aminah', 'Siti Aminah'],
    ['Aminah, Siti', '"Aminah, Siti"'],
    ['Budi "the bug" Santoso', '"Budi ""the bug"" Santoso"'],
    ['two\nlines', '"two\nlines"'],
    [' padded ', '" padded "'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+62 811', "'+62 811"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Participant 123456', 'Participant 123456'],
  ])('writes the name %j as %j', (name, field) => {
    expect(csvField(name)).toBe(field);
  });

  it('writes points without float noise or exponents', () => {
    expect(csvNumber(0.1 + 0.2)).toBe('0.3');
    expect(csvNumber(1 / 3)).toBe('0.3333');
    expect(csvNumber(8)).toBe('8');
    expect(csvNumber(1e-7)).toBe('0');
  });
});
