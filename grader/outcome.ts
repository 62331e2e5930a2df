/**
 * One submission as the grading run knows it: its grade (a row of grades.json), the checker's
 * whole report, and what goes into the student's feedback file.
 */
import { type CheckReport } from '../checker';
import type { Language } from '../language';
import type { SubmissionGrade } from './grades';

export interface SubmissionOutcome {
  grade: SubmissionGrade;
  /** The checker's report; null for status 'error' (nothing ran). */
  report: CheckReport | null;
  /** The checker's own lines while grading ("starting your server again for stage …"). */
  notices: string[];
  /** The server's output, its first lines (already escaped, each cut) up to the output limit. */
  output: string[];
  /** Lines printed beyond those kept. */
  outputDropped: number;
  /** What the student should know that did not stop grading (a link left out of a zip, a nested folder). */
  notes: string[];
  /** True when the grade comes from the last run: the submission had not changed. */
  reused: boolean;
  durationMs: number;
  /** Who the feedback speaks to ("Budi Santoso (123456)"), set by the run; the name when absent. */
  displayName?: string;
  /** The feedback's language and where its links to the lab notes point, set by the run. */
  language?: Language;
  notesUrl?: string | null;
}

/** An outcome with nothing but its grade (an error found before anything ran, a reused grade). */
export function plainOutcome(grade: SubmissionGrade, report: CheckReport | null, notes: string[], reused: boolean, durationMs = 0): SubmissionOutcome {
  return { grade, report, notices: [], output: [], outputDropped: 0, notes, reused, durationMs };
}
