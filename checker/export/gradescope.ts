/**
 * Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/,
 * schema: checker/schemas/gradescope.schema.json), written to /autograder/results/results.json.
 *
 * Gradescope knows only "passed" and "failed", and shows a test with max_score 0 and score 0
 * as passed (it awards full marks). So a stage that does not apply to this target (skipped,
 * maxPoints 0, e.g. `shutdown` on a host target) is left out of `tests` and named in the
 * top-level output instead, where a student reads why; a skipped stage that carries points
 * lost them, so it is a failed test with its reason as output.
 *
 * Every output is plain text ("text" format): the default top-level format renders HTML, and a
 * trace of what a server sent may hold "<script>".
 */
import type { CheckReport, StageResult } from '../model';
import { stageName, stageOutcome, stageTrace } from './stage-view';
import { formatReportHeader, formatStartError, formatSummaryLine } from './text';
import { visibleText } from './visible-text';
import { REPORT_TEXTS } from '../messages/report-texts';

function test(stage: StageResult): object {
  return {
    name: stageName(stage),
    score: stage.points,
    max_score: stage.maxPoints,
    status: stage.status === 'passed' ? 'passed' : 'failed',
    output: stage.status === 'passed' ? visibleText(stage.message) : stageTrace(stage),
    visibility: 'visible',
  };
}

function summary(report: CheckReport, notApplicable: StageResult[]): string {
  const startError = formatStartError(report);
  return [
    formatReportHeader(report),
    ...(startError === null ? [] : [startError]),
    formatSummaryLine(report),
    ...notApplicable.map((stage) => REPORT_TEXTS[report.language].notScoredHere({ stage: stageName(stage), why: visibleText(stage.message) })),
  ].join('\n');
}

export function renderGradescope(report: CheckReport): string {
  const notApplicable = report.stages.filter((stage) => stageOutcome(stage, report) === 'not-applicable');
  const scored = report.stages.filter((stage) => !notApplicable.includes(stage));
  const results = {
    score: report.score,
    output: summary(report, notApplicable),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility: 'visible',
    // The checker's own log and the student's server output: nothing in them is secret.
    stdout_visibility: 'visible',
    tests: scored.map(test),
  };
  return `${JSON.stringify(results, null, 2)}\n`;
}
