/** What a grade worker answers, once, before it ends. */
import type { SubmissionOutcome } from './outcome';

export type WorkerReply =
  | { kind: 'outcome'; outcome: SubmissionOutcome }
  /** Stopped by Ctrl-C: nothing to record. */
  | { kind: 'interrupted' }
  /** Docker or the checker's image is missing: the whole run stops. */
  | { kind: 'start-error'; message: string }
  /** Something the worker itself could not handle. */
  | { kind: 'failed'; message: string };
