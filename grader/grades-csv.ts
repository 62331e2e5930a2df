/**
 * grades.csv: one row per submission (name, student, id, status, score, maxScore, the file that
 * ran, then the points of each stage of the level, in the checker's order, then the reason),
 * RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote or line break quoted
 * and its quotes doubled. A field that a spreadsheet would take for a formula (=, +, -, @
 * first) gets a leading apostrophe, as OWASP advises against CSV injection. A row not graded
 * (status error or missing) leaves its score and stage columns empty: never a 0 not earned.
 */
import { stagesOf } from '../checker';
import type { Grades, SubmissionGrade } from './grades';

export const GRADES_CSV = 'grades.csv';

export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Points as a gradebook reads them: no float noise (0.1 + 0.2 is 0.3), no exponent. */
export function csvNumber(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

function row(submission: SubmissionGrade, stageIds: readonly string[]): string[] {
  const points = (id: string): string => {
    if (submission.status !== 'graded') return '';
    const stage = submission.stages.find((candidate) => candidate.id === id);
    // A stage that does not apply to containers carries no points either way: left empty, like one never run.
    return stage === undefined || stage.maxPoints === 0 ? '' : csvNumber(stage.points);
  };
  return [
    csvField(submission.name),
    csvField(submission.student?.name ?? ''),
    csvField(submission.student?.id ?? ''),
    submission.status,
    submission.score === null ? '' : csvNumber(submission.score),
    csvNumber(submission.maxScore),
    csvField(submission.entry?.file ?? ''),
    ...stageIds.map(points),
    csvField(submission.reason ?? ''),
  ];
}

export function renderGradesCsv(grades: Grades): string {
  const stageIds = stagesOf(grades.level).map((stage) => stage.id);
  const lines = [['name', 'student', 'id', 'status', 'score', 'maxScore', 'file', ...stageIds, 'reason'], ...grades.submissions.map((submission) => row(submission, stageIds))];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}
