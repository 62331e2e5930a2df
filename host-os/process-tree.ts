/**
 * A program the checker starts is stopped with everything it started (a shell script's
 * children, a Python server's worker processes). On Linux and macOS the program leads a
 * process group of its own (spawned detached) and the group gets the signal.
 */
import type { ChildProcess } from 'node:child_process';

/** Whether a started program can be asked to stop with SIGTERM (the protocol level's shutdown stage needs it). */
export const canSendSigterm = process.platform !== 'win32';

/** The spawn option that makes the program lead its own process group. */
export const spawnOwnGroup = { detached: process.platform !== 'win32' } as const;

/** 'gently': SIGTERM, so the program may finish; 'now': SIGKILL. */
export function stopProcessTree(child: ChildProcess, how: 'gently' | 'now'): void {
  try {
    // The negative pid is the process group the detached program leads.
    if (child.pid !== undefined) process.kill(-child.pid, how === 'gently' ? 'SIGTERM' : 'SIGKILL');
  } catch {
    // Already gone.
  }
}
