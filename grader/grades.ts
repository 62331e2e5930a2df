import { type CheckLevel, type EntryChoice, type StageResult, type SubmissionLimits } from '../checker';
import type { Student } from '../intake/student-names';
/**
 * What a grading run produces: `Grades` is grades.json exactly (grader/README.md documents it)
 * and what writeReportHtml reads. Each stage has the checker's json format's shape.
 */

/**
 * 'graded': the server ran and earned its points, 0 included (it did not build, crashed, never
 * listened); 'error': the kit could not run it (no server found, two candidates, an archive it
 * cannot open, a failure of the kit or of Docker, after one retry); 'missing': nothing was handed in.
 */
export type SubmissionStatus = 'graded' | 'error' | 'missing';

export interface SubmissionGrade {
  /** The submission's folder name (Moodle's flat layout: the prefix of its files; one file per student: the file's name). */
  name: string;
  /** The student as the folder name gives them (Moodle: name and participant id), else null. */
  student: Student | null;
  status: SubmissionStatus;
  /**
   * Why it is 'error' or 'missing'; for 'graded', why the server earned nothing at all (it did
   * not build, never listened, or used up its time), else null.
   */
  reason: string | null;
  /** Points earned; null for anything not graded (never a 0 that was not earned). */
  score: number | null;
  maxScore: number;
  /** The file that ran and why (English), or null when nothing ran. */
  entry: EntryChoice | null;
  /** Wall time of its check, build included; null when nothing ran (or the grade was reused). */
  durationMs: number | null;
  /** The checker's json format's stages, in order; empty for 'error'. */
  stages: StageResult[];
}

/** The container's limits (the checker's own), and the grader's wall-clock and output limits. */
export interface GradeLimits extends SubmissionLimits {
  /** One stage; a stage that takes longer fails. */
  stageTimeoutMs: number;
  /** The whole submission: build, every start of the server and every stage. */
  submissionTimeoutMs: number;
  /** How much of the server's output its feedback file keeps. */
  outputBytes: number;
  /** How long a started server may take to listen (the checker's default when absent). */
  startTimeoutMs?: number;
}

export interface GradeSettings {
  /** Submissions graded at once; it changes no result. */
  jobs: number;
  level: CheckLevel;
  /** The rubric's points as JSON ({"listen":1,"long-message":3}), or null: every stage is worth 1. */
  rubric: string | null;
  limits: GradeLimits;
  /** ISO 8601 times of the run. */
  startedAt: string;
  finishedAt: string;
  /** charcount-lab's package version, or null when it cannot be read. */
  checkerVersion: string | null;
}

export const GRADES_VERSION = 2;

export interface Grades {
  version: typeof GRADES_VERSION;
  level: CheckLevel;
  seed: number;
  settings: GradeSettings;
  submissions: SubmissionGrade[];
}

/** Feedback files live in this folder of the output folder. */
export const FEEDBACK_DIR = 'feedback';

/**
 * A submission's feedback file name: its name as one safe path segment (no "/", no control
 * characters, not hidden, not "." or ".."), then ".md". Folder names never hold "/", so real
 * names map one to one.
 */
export function feedbackPageName(name: string): string {
  return feedbackFileName(name).replace(/\.md$/, '.html');
}

export function feedbackFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[/\\\u0000-\u001f\u007f]/g, '_').replace(/^\./, '_');
  return `${safe === '' ? '_' : safe}.md`;
}
