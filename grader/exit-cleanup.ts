/**
 * What charcount-grade must not leave behind however it ends: its staged copies of the class
 * (GBs in /tmp/charcount-grade-*). A run removes them itself when it ends; this removes what
 * is still there when the process exits another way (a second Ctrl-C, which quits at once, or
 * a crash), synchronously, as the 'exit' event allows.
 */
import { rmSync } from 'node:fs';

const pending = new Set<string>();
let installed = false;

/** Removes `dir` when the process exits, unless forgetRemoval(dir) was called first. */
export function removeOnExit(dir: string): void {
  pending.add(dir);
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const left of pending) rmSync(left, { recursive: true, force: true });
  });
}

/** `dir` is gone already (or kept on purpose): nothing to do at exit. */
export function forgetRemoval(dir: string): void {
  pending.delete(dir);
}

/**
 * A reader gone from the other end of stdout or stderr (`charcount-grade ... | head`) is no
 * reason to stop grading or to skip the cleanup: its write errors (EPIPE, then a destroyed
 * stream) are ignored, and the run goes on writing its files.
 */
export function ignoreWriteErrors(stream: NodeJS.WriteStream): void {
  stream.on('error', () => {});
}
