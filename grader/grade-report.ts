/**
 * From the checker's report to a row of grades.json, and the reports the checker cannot make
 * itself: one for a submission that used up its time (the stages it finished keep their
 * result, the one under way fails, the rest did not run). Pure.
 */
import { notesBase, stageHint, REPORT_VERSION, renderJson, stagesOf, totalScore, type CheckLevel, type CheckReport, type Stage, type StageResult } from '../checker';
import { packageVersion } from '../command-line/version';
import type { Language } from '../language';
import { GRADE_TEXTS } from './grade-texts';
import type { SubmissionGrade } from './grades';

/** A container is not signalable: the stages that need a signal do not apply to any submission. */
const SUBMISSION_TARGET = { signalable: false };

function maxPointsOf(stage: Stage, points: ReadonlyMap<string, number>): number {
  return stage.notApplicable?.(SUBMISSION_TARGET) ? 0 : (points.get(stage.id) ?? 1);
}

/** What a graded submission of this level can earn at most: an error row's maxScore. */
export function levelMaxScore(level: CheckLevel, points: ReadonlyMap<string, number>): number {
  return stagesOf(level).reduce((sum, stage) => sum + maxPointsOf(stage, points), 0);
}

/** The checker's json format's stages, from its own exporter: grades.json has exactly that shape. */
function stagesJson(report: CheckReport): StageResult[] {
  return (JSON.parse(renderJson(report)) as { stages: StageResult[] }).stages;
}

export function gradedRow(name: string, report: CheckReport, reason: string | null = null): SubmissionGrade {
  return {
    name,
    student: null,
    status: 'graded',
    reason: reason ?? report.startError,
    score: report.score,
    maxScore: report.maxScore,
    entry: report.entry,
    durationMs: null,
    stages: stagesJson(report),
  };
}

/** A submission the kit could not run: no score at all, never a 0. */
export function errorRow(name: string, reason: string, level: CheckLevel, points: ReadonlyMap<string, number>): SubmissionGrade {
  return { name, student: null, status: 'error', reason, score: null, maxScore: levelMaxScore(level, points), entry: null, durationMs: null, stages: [] };
}

/** A student who handed nothing in. */
export function missingRow(name: string, reason: string, level: CheckLevel, points: ReadonlyMap<string, number>): SubmissionGrade {
  return { ...errorRow(name, reason, level, points), status: 'missing' };
}

export interface TimedOut {
  language: Language;
  level: CheckLevel;
  seed: number;
  points: ReadonlyMap<string, number>;
  target: string;
  /** The stages that ended before the time ran out, as the checker reported them. */
  finished: readonly StageResult[];
  limitMs: number;
  /** The reply the run demanded (the template with {n}), as the checker's own reports carry it. */
  expectedReply: string;
}

/** The sentence a student reads about a submission that ran out of time. */
export function timedOutReason(limitMs: number, language: Language): string {
  return GRADE_TEXTS[language].timedOut({ seconds: limitMs / 1000 });
}

export function timedOutReport(run: TimedOut): CheckReport {
  const say = GRADE_TEXTS[run.language];
  const reason = timedOutReason(run.limitMs, run.language);
  let cut: string | null = null;
  const stages = stagesOf(run.level).map((stage): StageResult => {
    const done = run.finished.find((result) => result.id === stage.id);
    if (done) return done;
    const maxPoints = maxPointsOf(stage, run.points);
    const hint = stageHint(stage.id, run.language, notesBase(null));
    const base = { id: stage.id, title: stage.title(run.language), points: 0, maxPoints, durationMs: 0, hint, diagnoses: [], record: [] };
    const notApplicable = stage.notApplicable?.(SUBMISSION_TARGET);
    if (notApplicable) return { ...base, status: 'skipped', message: say.notApplicable({ why: notApplicable }), details: [] };
    if (cut !== null) return { ...base, status: 'skipped', message: say.notRun({ reason, stage: cut }), details: [] };
    cut = stage.id;
    return { ...base, status: 'failed', message: reason, details: [reason, say.hint({ text: hint.text, link: hint.link })] };
  });
  const gradable = run.finished.length > 0;
  return {
    version: REPORT_VERSION,
    language: run.language,
    level: run.level,
    seed: run.seed,
    ...totalScore(stages),
    target: run.target,
    entry: null,
    expectedReply: run.expectedReply,
    checkerVersion: packageVersion() ?? 'unknown',
    gradable,
    startError: gradable ? null : reason,
    stages,
  };
}
