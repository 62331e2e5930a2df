/**
 * Finds the submissions in a class folder, as LMSes lay them out: one folder per student (its
 * name the submission's name; Moodle's `Full Name_123456_assignsubmission_file_` gives the
 * student's name and participant id), Moodle's flat layout (the same prefix on each file of a
 * student), or one file per student (`2106012345_Budi_Santoso.py`). A class zipped inside one
 * top folder ("class/alice/…", a folder that holds only folders) is read through that folder.
 * Nothing here throws for anything a submission holds; which file of a submission runs is
 * intake's choice, made later on the staged copy.
 */
import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import { isIgnoredName } from '../intake/ignored-names';
import { fileStudent, moodleFlatFile, moodleFolderStudent, type Student } from '../intake/student-names';
import type { Language } from '../language';
import { CLASS_TEXTS } from './class-texts';

export interface FoundSubmission {
  /** The folder's name (or the flat layout's prefix, or the one file's name): the key of every output. */
  name: string;
  /** Who it belongs to, when the name says so. */
  student: Student | null;
  /** The student's folder, relative to the class folder, with "/" ("alice", "class/alice"); a flat submission's first file. */
  path: string;
  /** Where its files are: a folder, and files beside the student folders that belong to it. */
  source: { folder: string | null; files: { path: string; name: string }[] };
  /** The staged folder the checker reads (a copy, archives unpacked); null until staged, or when it cannot be graded. */
  dir: string | null;
  /** The submission as the student knows it (its name). */
  shownAs: string;
  /** Why it cannot be graded (status error), or null. */
  problem: string | null;
  /** Nothing was handed in: an empty folder (status missing). */
  missing: boolean;
  notes: string[];
}

export interface ClassListing {
  submissions: FoundSubmission[];
  /** About the class folder itself (files beside the student folders), one line each. */
  warnings: string[];
}

/** How many lone folders deep a class may sit. */
const MAX_NESTING = 3;
const LISTED_NAMES = 8;

/** A message about the submission's folder, with its path (a temporary folder) shown as the student knows it. */
export function inStudentTerms(found: Pick<FoundSubmission, 'dir' | 'shownAs'>, text: string): string {
  return found.dir === null ? text : text.split(found.dir).join(found.shownAs);
}

/** What it says about a link or loose files is said in `language`. */
export async function discoverClass(root: string, language: Language = 'en'): Promise<ClassListing> {
  const say = CLASS_TEXTS[language];
  let base = root;
  const prefix: string[] = [];
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    const entries = visible(await readdir(base, { withFileTypes: true }));
    const [only] = entries;
    if (entries.length !== 1 || !only?.isDirectory()) break;
    const inside = visible(await readdir(join(base, only.name), { withFileTypes: true }).catch(() => []));
    // A top folder holds folders only; a lone folder with a file of its own is a class of one.
    if (inside.length === 0 || inside.some((entry) => !entry.isDirectory())) break;
    base = join(base, only.name);
    prefix.push(only.name);
  }
  const entries = visible(await readdir(base, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map<string, FoundSubmission>();
  const relative = (name: string): string => [...prefix, name].join('/');
  const submission = (name: string, student: Student | null): FoundSubmission => {
    let found = byName.get(name);
    if (!found) {
      found = { name, student, path: relative(name), source: { folder: null, files: [] }, dir: null, shownAs: name, problem: null, missing: false, notes: [] };
      byName.set(name, found);
    }
    return found;
  };
  const looseFiles: Dirent[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) submission(entry.name, moodleFolderStudent(entry.name)).source.folder = join(base, entry.name);
    else if (entry.isSymbolicLink()) {
      submission(entry.name, null).problem = say.linkNotFolder({ name: entry.name });
    } else if (entry.isFile()) {
      const flat = moodleFlatFile(entry.name);
      if (flat === null) looseFiles.push(entry);
      else submission(flat.folder, moodleFolderStudent(flat.folder)).source.files.push({ path: join(base, entry.name), name: flat.file });
    }
  }
  const warnings: string[] = [];
  if (byName.size === 0) {
    // One file per student: each file is a submission of its own.
    for (const entry of looseFiles) submission(entry.name, fileStudent(entry.name)).source.files.push({ path: join(base, entry.name), name: entry.name });
  } else if (looseFiles.length > 0) {
    const names = looseFiles.map((entry) => entry.name);
    warnings.push(say.looseFiles({ count: names.length, names: names.slice(0, LISTED_NAMES).join(', '), more: Math.max(0, names.length - LISTED_NAMES) }));
  }
  return { submissions: [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), warnings };
}

function visible(entries: Dirent[]): Dirent[] {
  return entries.filter((entry) => !isIgnoredName(entry.name));
}

