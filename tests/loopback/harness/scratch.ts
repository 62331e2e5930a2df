/** The empty directory (no .env) every child runs in, so a developer's files cannot change the results. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let scratch: string | undefined;
/** An empty directory used as every child's cwd; removed when the file's tests end. */
export function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'charcount-loopback-'));
  return scratch;
}

/** A new empty directory inside the scratch directory. */
export function scratchSubdir(prefix: string): string {
  return mkdtempSync(join(scratchDir(), `${prefix}-`));
}

/** Writes a file into the scratch directory and returns its path. */
export function scratchFile(name: string, content: string | Buffer): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, content);
  return path;
}

/** Removes the scratch directory (the next scratchDir() makes a new one). */
export function removeScratchDir(): void {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}
