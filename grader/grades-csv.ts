/**
 * grades.csv: one row per submission (name, score, maxScore, then the points of each stage of
 * the level, in the checker's order), RFC 4180: comma-separated, CRLF line ends, a field with
 * a comma, quote or line break quoted and its quotes doubled. A name that a spreadsheet would
 * take for a formula (=, +, -, @ first) gets a leading apostrophe, as OWASP advises against
 * CSV injection. An error row leaves the stage columns empty.
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
    if (submission.status === 'error') return '';
    const stage = submission.stages.find((candidate) => candidate.id === id);
    // A stage that does not apply to containers carries no points either way: left empty, like one never run.
    return stage === undefined || stage.maxPoints === 0 ? '' : csvNumber(stage.points);
  };
  return [csvField(submission.name), csvNumber(submission.score), csvNumber(submission.maxScore), ...stageIds.map(points)];
}

export function renderGradesCsv(grades: Grades): string {
  const stageIds = stagesOf(grades.level).map((stage) => stage.id);
  const lines = [['name', 'score', 'maxScore', ...stageIds], ...grades.submissions.map((submission) => row(submission, stageIds))];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}
