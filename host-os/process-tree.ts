/**
 * A program the checker starts is stopped with everything it started (a shell script's
 * children, a Python server's worker processes). On Linux and macOS the program leads a
 * process group of its own (spawned detached) and the group gets the signal. Windows has no
 * signals to send and no process groups to send them to: taskkill /T /F ends the program
 * and its children, as a tree of parent process ids.
 */
import { execFile, type ChildProcess } from 'node:child_process';

/** Whether a started program can be asked to stop with SIGTERM (the protocol level's shutdown stage needs it). */
export const canSendSigterm = process.platform !== 'win32';

/** The spawn option that makes the program lead its own process group. */
export const spawnOwnGroup = { detached: process.platform !== 'win32' } as const;

/** 'gently': SIGTERM, so the program may finish; 'now': SIGKILL. On Windows both end the tree at once. */
export function stopProcessTree(child: ChildProcess, how: 'gently' | 'now'): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    // taskkill exits 128 when the program is already gone. Where it cannot end the tree at all
    // (no taskkill, or one without /T as Wine's), the program itself is still ended.
    execFile('taskkill', ['/PID', String(child.pid), '/T', '/F'], { windowsHide: true, timeout: 10_000 }, (error) => {
      if (error !== null && child.exitCode === null && child.signalCode === null) child.kill();
    });
    return;
  }
  try {
    // The negative pid is the process group the detached program leads.
    process.kill(-child.pid, how === 'gently' ? 'SIGTERM' : 'SIGKILL');
  } catch {
    // Already gone.
  }
}
