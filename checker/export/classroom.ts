/**
 * The result GitHub Classroom's reporter reads (classroom-resources/autograding-grading-reporter;
 * schema of the decoded JSON: checker/schemas/classroom.schema.json). Like the
 * autograding-command-grader and autograding-io-grader actions, the checker produces
 * base64(JSON) and a workflow step passes it on exactly as they do:
 *
 *   - id: charcount
 *     run: echo "result=$(charcount-check --format classroom ...)" >> "$GITHUB_OUTPUT"
 *   - uses: classroom-resources/autograding-grading-reporter@v1
 *     env:
 *       CHARCOUNT_RESULTS: "${{ steps.charcount.outputs.result }}"
 *     with:
 *       runners: charcount
 *
 * The reporter reads the env var `<RUNNER ID, upper case>_RESULTS`, base64-decodes it and
 * parses the JSON. It records `Points <sum of tests[].score>/<max_score>` with Classroom, and
 * logs one line per test: the message only for status "error", and "- line N" unless line_no
 * is 0, so line_no is always 0 here (there is no line of student code to point at).
 *
 * Its log also prints "Total points: <passed tests / all tests x max_score>", which equals
 * Classroom's points only when every test is worth the same.
 *
 * Outcomes (stage-view.ts): a stage that does not apply (maxPoints 0) is left out, because that
 * log score counts passed tests out of all tests and a 0-point test would lower it;
 * a skipped stage that carries points is "fail", or "error" when the server could not be
 * checked at all (the run's status is then "error").
 */
import type { CheckReport, StageResult } from '../model';
import { type StageOutcome, stageName, stageOutcome, stageTrace } from './stage-view';
import { formatStartError } from './text';
import { visibleText } from './visible-text';

type ClassroomStatus = 'pass' | 'fail' | 'error';

const TEST_STATUS: Record<Exclude<StageOutcome, 'not-applicable'>, ClassroomStatus> = {
  passed: 'pass',
  failed: 'fail',
  'not-run': 'fail',
  'not-gradable': 'error',
};

/** The reporter logs a message only for status "error", as "Error: <message>": say why nothing ran. */
function message(stage: StageResult, outcome: Exclude<StageOutcome, 'not-applicable'>, report: CheckReport): string {
  if (outcome === 'failed') return stageTrace(stage);
  return (outcome === 'not-gradable' ? formatStartError(report) : null) ?? visibleText(stage.message);
}

function test(stage: StageResult, outcome: Exclude<StageOutcome, 'not-applicable'>, report: CheckReport): object {
  return {
    name: stageName(stage),
    status: TEST_STATUS[outcome],
    score: stage.points,
    message: message(stage, outcome, report),
    line_no: 0,
    // The io-grader's form: seconds, as a string ending in "s".
    execution_time: `${Math.round(stage.durationMs) / 1000}s`,
  };
}

/** Tests in "error" only come from a report that is not gradable, and that is the run's error. */
function runStatus(report: CheckReport, statuses: ClassroomStatus[]): ClassroomStatus {
  if (!report.gradable) return 'error';
  return statuses.includes('fail') ? 'fail' : 'pass';
}

function classroomResult(report: CheckReport): object {
  const tests = report.stages.flatMap((stage) => {
    const outcome = stageOutcome(stage, report);
    return outcome === 'not-applicable' ? [] : [{ stage, outcome }];
  });
  return {
    version: 1,
    status: runStatus(report, tests.map(({ outcome }) => TEST_STATUS[outcome])),
    max_score: report.maxScore,
    tests: tests.map(({ stage, outcome }) => test(stage, outcome, report)),
  };
}

/** base64 of the compact JSON, no line breaks and no newline: one `result=` line of GITHUB_OUTPUT. */
export function renderClassroom(report: CheckReport): string {
  return Buffer.from(JSON.stringify(classroomResult(report)), 'utf8').toString('base64');
}
