/**
 * A worker thread that grades one submission. Each submission's check runs on an event loop of
 * its own, as charcount-check alone would: the checker promises never to pause more than 50 ms
 * inside a message and to wait for replies by the clock, and a neighbour that prints without end
 * (its output is parsed line by line) must not make those promises late for anyone else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Docker from 'dockerode';
import { StartError } from '../command-line/usage-error';
import type { FoundSubmission } from './discover';
import { gradeSubmission, Interrupted, type GradeJob } from './grade-submission';
import type { WorkerReply } from './worker-messages';

const { found, job } = workerData as { found: FoundSubmission & { dir: string }; job: GradeJob };
const stop = new AbortController();
parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') stop.abort();
});

function reply(message: WorkerReply): void {
  parentPort?.postMessage(message);
}

gradeSubmission(found, job, new Docker(), stop.signal).then(
  (outcome) => reply({ kind: 'outcome', outcome }),
  (error: unknown) => {
    if (error instanceof Interrupted) reply({ kind: 'interrupted' });
    else if (error instanceof StartError) reply({ kind: 'start-error', message: error.message });
    else reply({ kind: 'failed', message: (error as Error).message ?? String(error) });
  },
);
