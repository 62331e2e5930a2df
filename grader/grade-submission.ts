/**
 * Grades one runnable submission with the checker's own pieces: its container target
 * (createSubmissionTarget: no network, non-root, read-only root, limits, every container
 * labelled with the run) and runCheck. The grader adds what a class needs: a wall-clock limit
 * on the whole submission, output kept up to a size, and paths shown as the submission's name.
 * It runs in a worker thread of its own (grade-worker.ts).
 */
import { DEFAULT_TIMING, createSubmissionTarget, runCheck, type CheckLevel, type CheckReport, type StageResult, type Target } from '../checker';
import type Docker from 'dockerode';
import { StartError } from '../command-line/usage-error';
import { inStudentTerms, type FoundSubmission } from './discover';
import { errorRow, gradedRow, timedOutReason, timedOutReport } from './grade-report';
import type { GradeLimits } from './grades';
import type { SubmissionOutcome } from './outcome';
import type { CheckWording } from './check-wording';
import { engineFaultIn } from './docker-fault';
import { GRADE_TEXTS } from './grade-texts';

/** Everything one submission's check needs; plain data, so it can cross to a worker thread. */
export interface GradeJob extends CheckWording {
  level: CheckLevel;
  seed: number;
  /** Rubric points per stage id. */
  points: [string, number][];
  limits: Required<GradeLimits>;
  port: number;
  /** The checker's label value on this submission's containers: the run id and a number. */
  checkId: string;
  /** The run's labels, on every container too. */
  labels: Record<string, string>;
}

/** ProgramOutput's live lines; the byte limit below keeps fewer. Beyond this it only counts and keeps the last lines for traces. */
const SHOWN_OUTPUT_LINES = 5000;
/** After the time is up and the containers are gone, the checker's last stage ends fast; this bounds the wait. */
const SETTLE_MS = 30_000;
const MAX_NOTICES = 200;

export class Interrupted extends Error {}

/**
 * `found` has a server (dir not null). Ctrl-C (the signal) throws Interrupted; Docker or the
 * checker's image missing throws StartError (the run stops); anything else that goes wrong is
 * the submission's error row, never a crash of the run.
 */
export async function gradeSubmission(found: FoundSubmission & { dir: string }, job: GradeJob, docker: Docker, signal: AbortSignal): Promise<SubmissionOutcome> {
  const startedAt = performance.now();
  const points = new Map(job.points);
  const notices: string[] = [];
  const output: string[] = [];
  let outputBytes = 0;
  let outputDropped = 0;
  const notice = (line: string): void => {
    if (notices.length < MAX_NOTICES) notices.push(inStudentTerms(found, line));
  };
  const onOutput = (line: string): void => {
    outputBytes += Buffer.byteLength(line) + 1;
    if (outputBytes <= job.limits.outputBytes) output.push(line);
    else outputDropped++;
  };
  const outcome = (grade: SubmissionOutcome['grade'], checked: CheckReport | null): SubmissionOutcome => ({
    grade,
    report: checked,
    notices,
    output,
    outputDropped,
    notes: found.notes,
    reused: false,
    durationMs: performance.now() - startedAt,
  });
  let target: Target | null = null;
  try {
    target = await createSubmissionTarget({
      dir: found.dir,
      language: job.language,
      port: job.port,
      startTimeoutMs: job.limits.startTimeoutMs,
      notice,
      onOutput,
      shownOutputLines: SHOWN_OUTPUT_LINES,
      limits: { memoryBytes: job.limits.memoryBytes, pids: job.limits.pids, cpus: job.limits.cpus, tmpBytes: job.limits.tmpBytes, buildTimeoutMs: job.limits.buildTimeoutMs },
      docker,
      runId: job.checkId,
      labels: job.labels,
      // Built for this submission alone: two students' equal files, or another run, never share it.
      image: 'own',
    });
    const checked = await checkWithin(target, job, points, signal, notice);
    const named = { ...checked.report, target: `submission ${found.shownAs}` };
    // Docker failing is not a grade: the run tries it once more, and then it stays an error.
    const dockerSaid = engineFaultIn(named);
    if (dockerSaid !== null) return outcome(errorRow(found.name, GRADE_TEXTS[job.language].dockerFailed({ why: dockerSaid }), job.level, points), null);
    return outcome(gradedRow(found.name, named, checked.timedOut ? timedOutReason(job.limits.submissionTimeoutMs, job.language) : null), named);
  } catch (error) {
    if (error instanceof Interrupted || error instanceof StartError) throw error;
    const reason = GRADE_TEXTS[job.language].graderFailed({ why: firstLine((error as Error).message) });
    return outcome(errorRow(found.name, reason, job.level, points), null);
  } finally {
    await target?.dispose();
  }
}

/** runCheck under the submission's wall-clock limit and the run's signal (Ctrl-C throws Interrupted). */
async function checkWithin(
  target: Target,
  job: GradeJob,
  points: ReadonlyMap<string, number>,
  signal: AbortSignal,
  notice: (line: string) => void,
): Promise<{ report: CheckReport; timedOut: boolean }> {
  const finished: StageResult[] = [];
  let stopped: 'time' | 'signal' | null = null;
  let stop: () => void = () => {};
  const stopping = new Promise<null>((resolve) => (stop = () => resolve(null)));
  const timer = setTimeout(() => {
    stopped ??= 'time';
    stop();
  }, job.limits.submissionTimeoutMs);
  const onAbort = (): void => {
    stopped ??= 'signal';
    stop();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  const checking = runCheck({
    target,
    language: job.language,
    expectedReply: job.expectedReply,
    entry: job.entry,
    // The report's own HTML page is a student's too: its links must open from an LMS.
    notesUrl: job.notesUrl,
    level: job.level,
    seed: job.seed,
    timing: { ...DEFAULT_TIMING, startTimeoutMs: job.limits.startTimeoutMs },
    points,
    only: null,
    stageTimeLimitMs: job.limits.stageTimeoutMs,
    events: {
      notice,
      stageDone: (result) => {
        if (stopped === null) finished.push(result);
      },
      wire: null,
    },
  });
  // Rejections are handled by the race below or, once stopped, ignored: the check is being abandoned.
  checking.catch(() => undefined);
  try {
    const report = await Promise.race([checking, stopping]);
    if (report !== null && stopped === null) return { report, timedOut: false };
    // Out of time or interrupted: the containers go now, which ends the stage under way quickly.
    await target.dispose();
    await Promise.race([checking.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref())]);
    if (stopped === 'signal') throw new Interrupted('interrupted');
    return {
      report: timedOutReport({
        language: job.language,
        level: job.level,
        seed: job.seed,
        points,
        target: target.description,
        finished,
        limitMs: job.limits.submissionTimeoutMs,
        expectedReply: job.expectedReply,
      }),
      timedOut: true,
    };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
