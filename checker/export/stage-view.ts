/**
 * What every exporter says about one stage: its name, its trace, and which of five outcomes
 * it had. The grading platforms know only pass and fail (Classroom adds error, JUnit adds
 * error and skipped), so a skipped stage needs a decision, made here once for all of them:
 *
 * | outcome          | when                                         | counts toward the score |
 * |------------------|----------------------------------------------|-------------------------|
 * | `passed`         | status passed                                | yes, earned             |
 * | `failed`         | status failed                                | yes, lost               |
 * | `not-applicable` | skipped with maxPoints 0 (e.g. `shutdown` on a host target) | no       |
 * | `not-run`        | skipped with points, the server was checked  | yes, lost               |
 * | `not-gradable`   | skipped with points, the server could not be checked at all | yes, lost |
 */
import type { CheckReport, StageResult } from '../model';
import { visibleText } from './visible-text';

export type StageOutcome = 'passed' | 'failed' | 'not-applicable' | 'not-run' | 'not-gradable';

export function stageOutcome(stage: StageResult, report: CheckReport): StageOutcome {
  if (stage.status !== 'skipped') return stage.status;
  if (stage.maxPoints === 0) return 'not-applicable';
  return report.gradable ? 'not-run' : 'not-gradable';
}

/** "reply-text: replies with the exact text": the test name on every platform. */
export function stageName(stage: StageResult): string {
  return visibleText(`${stage.id}: ${stage.title}`);
}

/**
 * The stage's trace as a person reads it, one string per line: a failure's whole details
 * (which end with the hint line), or the one-line message when there are none.
 */
export function stageTraceLines(stage: StageResult): string[] {
  const lines = stage.details.length > 0 ? stage.details : [stage.message];
  return lines.map(visibleText);
}

export function stageTrace(stage: StageResult): string {
  return stageTraceLines(stage).join('\n');
}

/** Passed / failed / skipped counts, as the summary line states them. */
export function statusCounts(report: CheckReport): { passed: number; failed: number; skipped: number } {
  const count = (status: StageResult['status']): number => report.stages.filter((stage) => stage.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}
