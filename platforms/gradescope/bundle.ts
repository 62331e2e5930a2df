/**
 * What the autograder zip holds, as a list of entries: files of this repository or of this
 * machine (the Node binary, the bundled checker), and texts the packager writes.
 */
import { join } from 'node:path';

export interface BundleEntry {
  /** The path inside the zip, with "/". */
  path: string;
  /** A file on disk, or the bytes themselves. */
  source: { file: string } | { bytes: Buffer };
  mode: number;
}

/** A file of this repository, with the mode it must have once unzipped. */
export function repositoryFile(root: string, from: string, path: string, mode: number): BundleEntry {
  return { path, source: { file: join(root, from) }, mode };
}

export function textEntry(path: string, text: string): BundleEntry {
  return { path, source: { bytes: Buffer.from(text, 'utf8') }, mode: 0o644 };
}
