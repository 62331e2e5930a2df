/**
 * The main thread's side of a grade worker: starts one worker per submission, passes Ctrl-C
 * on, and turns whatever the worker does into an outcome. A worker that fails or hangs costs
 * only its own submission (an error row) and its containers, which are removed by its label.
 */
import { CHECK_LABEL } from '../checker';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Docker from 'dockerode';
import { StartError } from '../command-line/usage-error';
import type { FoundSubmission } from './discover';
import { errorRow } from './grade-report';
import { GRADE_TEXTS } from './grade-texts';
import { Interrupted, type GradeJob } from './grade-submission';
import { plainOutcome, type SubmissionOutcome } from './outcome';
import { removeLabelled } from './run-leftovers';
import type { WorkerReply } from './worker-messages';

/** From sources (npm run grade, through ts-node) the worker is TypeScript too. */
const FROM_SOURCES = __filename.endsWith('.ts');
const WORKER_FILE = join(__dirname, FROM_SOURCES ? 'grade-worker.ts' : 'grade-worker.js');
const EXEC_ARGV = FROM_SOURCES ? ['--require', 'ts-node/register'] : [];
/** After Ctrl-C, a worker has this long to remove its containers itself before it is ended. */
const STOP_GRACE_MS = 20_000;
/** Past the submission's own limit (at which it stops itself), a worker still going is stuck. */
const STUCK_MARGIN_MS = 60_000;

export function gradeInWorker(found: FoundSubmission & { dir: string }, job: GradeJob, docker: Docker, signal: AbortSignal): Promise<SubmissionOutcome> {
  const startedAt = performance.now();
  const worker = new Worker(WORKER_FILE, { workerData: { found, job }, execArgv: EXEC_ARGV });
  return new Promise<SubmissionOutcome>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const settle = (then: () => void): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      void worker.terminate().then(then, then);
    };
    const failed = (why: string): void =>
      settle(() => {
        const reason = GRADE_TEXTS[job.language].graderFailed({ why });
        void removeLabelled(docker, `${CHECK_LABEL}=${job.checkId}`).finally(() => {
          // After Ctrl-C nothing is recorded, not even this.
          if (signal.aborted) reject(new Interrupted('interrupted'));
          else resolve(plainOutcome(errorRow(found.name, reason, job.level, new Map(job.points)), null, found.notes, false, performance.now() - startedAt));
        });
      });
    const onAbort = (): void => {
      worker.postMessage('stop');
      timers.push(setTimeout(() => failed('it did not stop after Ctrl-C'), STOP_GRACE_MS));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    timers.push(setTimeout(() => failed('its check went on long past --submission-timeout'), job.limits.submissionTimeoutMs + STUCK_MARGIN_MS));
    worker.once('message', (message: WorkerReply) => {
      switch (message.kind) {
        case 'outcome':
          return settle(() => resolve(message.outcome));
        case 'interrupted':
          return settle(() => reject(new Interrupted('interrupted')));
        case 'start-error':
          return settle(() => reject(new StartError(message.message)));
        case 'failed':
          return failed(message.message);
      }
    });
    worker.once('error', (error) => failed(error.message));
    worker.once('exit', (code) => failed(`its worker ended with code ${code} before it answered`));
  });
}
