/**
 * One run of the student's program in its container, from its start to its exit, however the
 * container runs it (supervised-server.ts: a supervisor starts it again inside the running
 * container; server-container.ts: the container itself is started again).
 */
import { constants } from 'node:os';
import type { ProgramExit } from './target';

export interface ProgramRun {
  /** The exit, once the program has exited; null while it runs. */
  readonly exit: ProgramExit | null;
  /** Whether the kernel killed it for passing its memory limit. */
  readonly outOfMemory: boolean;
  /** Resolves with the exit once the program has ended. */
  readonly exited: Promise<ProgramExit>;
  /** Resolves when the run's output has all arrived (or after a short wait). */
  outputDrained(): Promise<void>;
  /** Stops it: SIGTERM, then SIGKILL after a second. */
  stop(): Promise<void>;
}

/** A shell and Docker both report a death by signal N as exit status 128 + N. */
export function exitOf(status: number, outOfMemory: boolean): ProgramExit {
  if (outOfMemory) return { code: null, signal: 'SIGKILL' };
  const signal = status > 128 && status <= 128 + 64 ? signalName(status - 128) : null;
  return signal ? { code: null, signal } : { code: status, signal: null };
}

function signalName(number: number): string | null {
  return Object.entries(constants.signals).find(([, value]) => value === number)?.[0] ?? null;
}
