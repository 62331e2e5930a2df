/**
 * PrairieLearn's external grading results, /grade/results/results.json
 * (docs/externalGrading.md "Grading results", schema: checker/schemas/prairielearn.schema.json).
 * `score` is a fraction from 0 to 1. A server that never accepted a connection is not
 * gradable: PrairieLearn then marks the submission invalid without using up an attempt, and
 * shows `format_errors`, so the student reads why. Every stage is a test; the results element
 * renders one with max_points 0 neutrally (grey), which is what a stage that does not apply is.
 */
import type { CheckReport, StageResult } from '../model';
import { stageName, stageTrace } from './stage-view';
import { formatStartError, formatSummaryLine, renderText } from './text';
import { visibleText } from './visible-text';

function test(stage: StageResult): object {
  return {
    name: stageName(stage),
    points: stage.points,
    max_points: stage.maxPoints,
    message: visibleText(stage.message),
    output: stage.status === 'failed' ? stageTrace(stage) : '',
  };
}

export function renderPrairieLearn(report: CheckReport): string {
  const startError = formatStartError(report);
  const results = {
    gradable: report.gradable,
    score: report.maxScore === 0 ? 0 : report.score / report.maxScore,
    message: startError ?? formatSummaryLine(report),
    output: renderText(report),
    ...(report.gradable || startError === null ? {} : { format_errors: [startError] }),
    tests: report.stages.map(test),
  };
  return `${JSON.stringify(results, null, 2)}\n`;
}
