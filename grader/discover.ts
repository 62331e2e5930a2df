/**
 * Finds the submissions in a class folder: one folder per student, its name the submission's
 * name. A class zipped inside one top folder ("class/alice/…", a folder that holds only
 * folders) is read through that folder,
 * and a student folder whose server sits one folder down ("alice/my-server/server.py") is
 * graded from there, with a note. Nothing here throws for anything a submission holds: a
 * folder that cannot be graded gets a problem a student can act on.
 */
import { lstat, readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';

export interface FoundSubmission {
  name: string;
  /** The student's folder, relative to the class folder, with "/" ("alice", "class/alice"). */
  path: string;
  /** The folder that holds server.py or the Dockerfile; null when there is none. */
  dir: string | null;
  /** That folder as a student knows it: the name, or name/inner for a server one folder down. */
  shownAs: string;
  /** Why it cannot be graded (status error), or null. */
  problem: string | null;
  notes: string[];
}

export interface ClassListing {
  submissions: FoundSubmission[];
  /** About the class folder itself (files beside the student folders), one line each. */
  warnings: string[];
}

/** How many lone folders deep a class, or a student's server, may sit. */
const MAX_NESTING = 3;
const LISTED_NAMES = 8;

/** A message about the submission's folder, with its path (a temporary folder, for a zip) shown as the student knows it. */
export function inStudentTerms(found: Pick<FoundSubmission, 'dir' | 'shownAs'>, text: string): string {
  return found.dir === null ? text : text.split(found.dir).join(found.shownAs);
}

/** What zipping on a Mac or Windows adds: __MACOSX/ folders, ._ AppleDouble files, .DS_Store. */
export function isLitter(name: string): boolean {
  return ['__MACOSX', '.DS_Store', 'Thumbs.db', 'desktop.ini'].includes(name) || name.startsWith('._');
}

/** Litter and hidden files: never a submission, and never what makes a folder "hold one thing". */
export function isIgnoredName(name: string): boolean {
  return isLitter(name) || name.startsWith('.');
}

/** What the checker runs: a Dockerfile, else server.py (readSubmission's rule). */
export function isRunnable(files: readonly string[]): boolean {
  return files.includes('Dockerfile') || files.includes('server.py');
}

export async function discoverClass(root: string): Promise<ClassListing> {
  let base = root;
  const prefix: string[] = [];
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    const entries = visible(await readdir(base, { withFileTypes: true }));
    const [only] = entries;
    if (entries.length !== 1 || !only?.isDirectory()) break;
    const inside = await listing(join(base, only.name));
    // A top folder holds folders only; a lone folder with a file of its own is a class of one.
    if (inside === null || inside.files.length > 0 || inside.folders.length === 0) break;
    base = join(base, only.name);
    prefix.push(only.name);
  }
  const entries = visible(await readdir(base, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const submissions: FoundSubmission[] = [];
  const looseFiles: string[] = [];
  for (const entry of entries) {
    const path = [...prefix, entry.name].join('/');
    if (entry.isDirectory()) submissions.push(await locateServer(entry.name, path, join(base, entry.name)));
    else if (entry.isSymbolicLink()) {
      submissions.push({ name: entry.name, path, dir: null, shownAs: entry.name, problem: `${entry.name} is a symbolic link, not a folder: put the submission's files in a real folder`, notes: [] });
    } else looseFiles.push(entry.name);
  }
  const warnings =
    looseFiles.length === 0
      ? []
      : [`left out ${looseFiles.length} file(s) beside the student folders (${shortList(looseFiles)}): each submission must be a folder (in Moodle, tick "Download submissions in folders")`];
  return { submissions, warnings };
}

/** A student's folder: where its server is, or why there is none. */
async function locateServer(name: string, path: string, folder: string): Promise<FoundSubmission> {
  const unreadable = (): FoundSubmission => ({ name, path, dir: null, shownAs: name, problem: `cannot read the folder ${name}; check its permissions`, notes: [] });
  const top = await listing(folder);
  if (top === null) return unreadable();
  let found = top;
  let dir = folder;
  const inner: string[] = [];
  while (!isRunnable(found.files)) {
    const [only] = found.folders;
    if (only === undefined || found.folders.length !== 1 || inner.length >= MAX_NESTING) {
      return { name, path, dir: null, shownAs: name, problem: missingServer(name, [...top.files, ...top.folders.map((entry) => `${entry}/`)]), notes: [] };
    }
    inner.push(only);
    dir = join(dir, only);
    const next = await listing(dir);
    if (next === null) return unreadable();
    found = next;
  }
  const notes = inner.length === 0 ? [] : [`graded the folder ${inner.join('/')}/ inside the submission, which holds the server (put server.py or the Dockerfile at the top next time)`];
  return { name, path, dir, shownAs: [name, ...inner].join('/'), problem: null, notes };
}

/** "alice has neither server.py nor a Dockerfile: …; it holds main.py, README.md" */
export function missingServer(name: string, held: readonly string[]): string {
  const advice = [`${name} has neither server.py nor a Dockerfile at its top: put the server in server.py (it runs with python3 on python:3.13-slim), or add a Dockerfile that starts it`];
  const misnamed = held.find((entry) => ['server.py', 'dockerfile'].includes(entry.toLowerCase()));
  if (misnamed !== undefined) advice.push(`rename ${misnamed} to ${misnamed.toLowerCase() === 'dockerfile' ? 'Dockerfile' : 'server.py'} (names are case-sensitive)`);
  const archive = held.find((entry) => /\.(zip|tar|tgz|tar\.gz|rar|7z)$/i.test(entry));
  if (archive !== undefined) advice.push(`unpack ${archive} into the folder (archives inside a submission are not unpacked)`);
  advice.push(held.length === 0 ? 'the folder is empty' : `it holds ${shortList(held)}`);
  return advice.join('; ');
}

/** Regular files and folders of a folder, without the ignored ones; null when it cannot be read. */
async function listing(dir: string): Promise<{ files: string[]; folders: string[] } | null> {
  let entries: Dirent[];
  try {
    entries = visible(await readdir(dir, { withFileTypes: true }));
  } catch {
    return null;
  }
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    // readdir's types come from the directory entry; lstat is the truth for a file system that gives none.
    const stat = entry.isFile() || entry.isDirectory() ? entry : await lstat(join(dir, entry.name)).catch(() => null);
    if (stat?.isFile()) files.push(entry.name);
    else if (stat?.isDirectory()) folders.push(entry.name);
  }
  return { files: files.sort(), folders: folders.sort() };
}

function visible(entries: Dirent[]): Dirent[] {
  return entries.filter((entry) => !isIgnoredName(entry.name));
}

function shortList(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).join(', ');
  return names.length > LISTED_NAMES ? `${shown} and ${names.length - LISTED_NAMES} more` : shown;
}
