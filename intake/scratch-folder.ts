/**
 * The one temporary folder a start of platforms/start-server.sh may need: a copy of the
 * submission with its archives unpacked, a notebook's script. The server runs from it, so it
 * must outlive intake: start-server.sh removes it once the server has ended. Its name holds
 * the process id of that shell (the owner), so a folder whose owner was killed outright
 * (SIGKILL leaves no shell to remove it) is removed by the next start on the machine.
 * Without an owner the folder is never taken for abandoned. charcount-grade names its staged
 * class the same way (charcount-grade-<pid>-...), for the same reason.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'charcount-intake-';

/** Made on first use; null until then. */
export interface ScratchFolder {
  path(): string;
  made(): string | null;
  remove(): void;
}

export function scratchFolder(owner: number | null): ScratchFolder {
  let made: string | null = null;
  return {
    path() {
      made ??= mkdtempSync(join(tmpdir(), owner === null ? PREFIX : ownedPrefix(PREFIX, owner)));
      return made;
    },
    made: () => made,
    remove() {
      if (made !== null) rmSync(made, { recursive: true, force: true });
      made = null;
    },
  };
}

/** The start of a temporary folder's name that says which process removes it: `prefix<pid>-`. */
export function ownedPrefix(prefix: string, owner: number): string {
  return `${prefix}${owner}-`;
}

/**
 * Removes the temporary folders named `prefix<pid>-...` whose process is gone; another user's,
 * or one that cannot be removed, stays. Default: intake's.
 */
export function removeAbandoned(prefix = PREFIX): void {
  // The prefixes are plain words and dashes: nothing in them to escape.
  const owned = new RegExp(`^${prefix}(\\d+)-`);
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const owner = owned.exec(name)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // Not ours to remove (another user's, in a shared /tmp): it stays.
    }
  }
}

/** Whether a process has this id: EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
