/**
 * What the autograder zip holds, as a list of entries: the checker's compiled files, its
 * production dependencies as package-lock.json lists them (read from node_modules, so
 * packaging needs no network), the Node binary, the scripts and the checker's arguments.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface BundleEntry {
  /** The path inside the zip, with "/". */
  path: string;
  /** A file on disk, or the bytes themselves. */
  source: { file: string } | { bytes: Buffer };
  mode: number;
}

/** The compiled code charcount-check runs: the same folders as the Dockerfile's checker image. */
const DIST_FOLDERS = ['checker', 'command-line', 'host-os', 'intake', 'language', 'protocol', 'server'];

/** Files below `dir`, as paths relative to it, in a stable order. */
function filesBelow(dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      const rel = relative(dir, path);
      if (!keep(rel)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(rel);
    }
  };
  walk(dir);
  return found;
}

const zipPath = (...parts: string[]): string => parts.join('/').split(sep).join('/');

/** dist/{checker,command-line,protocol,server}, JavaScript only: source maps and type declarations serve no one there. */
export function checkerEntries(root: string, into: string): BundleEntry[] {
  return DIST_FOLDERS.flatMap((folder) => {
    const dir = join(root, 'dist', folder);
    return filesBelow(dir, (path) => !path.endsWith('.map') && !path.endsWith('.d.ts')).map((path) => ({
      path: zipPath(into, 'dist', folder, path),
      source: { file: join(dir, path) },
      mode: 0o644,
    }));
  });
}

interface LockPackage {
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
}

/**
 * The production dependencies, each package's own files (its nested node_modules are
 * packages of their own in the lockfile). Native builds are left out, as `npm ci
 * --ignore-scripts` leaves them out of the checker's Docker image: a binary built on this
 * machine may not load on Gradescope's, and every one of them is optional (ssh2 falls back).
 */
export function dependencyEntries(root: string, into: string): BundleEntry[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const production = Object.entries(lock.packages).filter(([path, info]) => path.startsWith('node_modules/') && !info.dev && !info.devOptional);
  return production.flatMap(([path, info]) => {
    const dir = join(root, path);
    if (!existsSync(dir)) {
      if (info.optional) return [];
      throw new Error(`${path} is missing; run npm ci, then package again`);
    }
    const native = existsSync(join(dir, 'binding.gyp'));
    const keep = (rel: string): boolean => {
      const [first] = rel.split(sep);
      return first !== 'node_modules' && !rel.endsWith('.node') && !(native && first === 'build');
    };
    return filesBelow(dir, keep).map((rel) => ({ path: zipPath(into, path, rel), source: { file: join(dir, rel) }, mode: 0o644 }));
  });
}

/** A file of this repository, with the mode it must have once unzipped. */
export function repositoryFile(root: string, from: string, path: string, mode: number): BundleEntry {
  return { path, source: { file: join(root, from) }, mode };
}

export function textEntry(path: string, text: string): BundleEntry {
  return { path, source: { bytes: Buffer.from(text, 'utf8') }, mode: 0o644 };
}
