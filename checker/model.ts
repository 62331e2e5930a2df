/**
 * The checker's one result model. Every exporter (text, json, junit, gradescope,
 * prairielearn, classroom) renders a CheckReport; nothing else is passed to them.
 */

export const CHECK_LEVELS = ['assignment', 'protocol'] as const;
export type CheckLevel = (typeof CHECK_LEVELS)[number];

export type StageStatus = 'passed' | 'failed' | 'skipped';

export interface StageResult {
  id: string;
  title: string;
  status: StageStatus;
  /** Points earned: maxPoints when passed, 0 otherwise. */
  points: number;
  /** 0 for a stage that does not apply to this kind of target (it then counts toward no score). */
  maxPoints: number;
  durationMs: number;
  /** One line: what passed, or what was expected and what came instead, or why it did not run. */
  message: string;
  /**
   * A failure's whole trace, for a person: the steps so far, "expected …, but got …", the
   * bytes sent and received (escaped, with a caret under the first byte that differs) and
   * the hint line. Empty for a stage that passed.
   */
  details: string[];
  /** The lab-notes section that explains this stage's failure, relative to the repository root. */
  hint: { text: string; link: string };
}

export interface CheckReport {
  version: 1;
  level: CheckLevel;
  seed: number;
  score: number;
  maxScore: number;
  /** What was checked, in words: "python3 server.py", "127.0.0.1:12345", "submission ./alice". */
  target: string;
  /** False when the server never accepted a connection: there was nothing to grade. */
  gradable: boolean;
  /** Why the server could not be checked at all (never listened, could not be built), or null. */
  startError: string | null;
  stages: StageResult[];
}

/** Adds up the points; the only place score and maxScore are computed. */
export function totalScore(stages: readonly StageResult[]): { score: number; maxScore: number } {
  let score = 0;
  let maxScore = 0;
  for (const stage of stages) {
    score += stage.points;
    maxScore += stage.maxPoints;
  }
  return { score, maxScore };
}
