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
    void endWindowsTree(child);
    return;
  }
  try {
    // The negative pid is the process group the detached program leads.
    process.kill(-child.pid, how === 'gently' ? 'SIGTERM' : 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Windows: `taskkill /PID n /T /F` ends the program and every process it started. Where
 * taskkill cannot (Wine's refuses /T: "Unknown or invalid command line option", exit 1; or
 * there is no taskkill), the program itself is still ended, as `taskkill /F` would end it
 * (TerminateProcess); its own children may then outlive it. Exit 128 means it was already gone.
 * Settles once taskkill has answered and, if it had to, the program was ended.
 */
export function endWindowsTree(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    execFile('taskkill', ['/PID', String(pid), '/T', '/F'], { windowsHide: true, timeout: 10_000 }, (error) => {
      if (error !== null && child.exitCode === null && child.signalCode === null) child.kill();
      resolve();
    });
  });
}
