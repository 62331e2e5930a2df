/**
 * A submission made ready to read: its files copied into a folder of the run's own (a class
 * folder given by the instructor is never changed), every archive inside unpacked into a
 * folder named after it and then removed, archives found inside those too, to a fixed depth.
 * What could not be unpacked is told as a problem: the grader makes it the submission's error
 * when no server is found without it, a note otherwise.
 */
import { cp, lstat, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../language';
import { ARCHIVE_TEXTS } from './archive-texts';
import { ArchiveError, ARCHIVE_NAME, unpackArchive, unpackedName } from './archives';
import { isIgnoredName } from './ignored-names';
import type { UnpackLimits } from './zip-extract';

const MIB = 1024 * 1024;
/** Limits of one submission's archives: a submission is source code. */
export const SUBMISSION_UNPACK_LIMITS: UnpackLimits = { maxEntries: 10_000, maxFileBytes: 64 * MIB, maxTotalBytes: 64 * MIB };
/** Archives inside archives inside archives: deeper than this is left packed. */
const ROUNDS = 3;
const MAX_DEPTH = 5;

export interface StagedSubmission {
  dir: string;
  /** Archives that were unpacked ("tugas1.zip"), for the feedback. */
  unpacked: string[];
  /** What could not be unpacked, one line each. */
  problems: string[];
  /** What was left out of an archive that the submission can do without (a link). */
  notes: string[];
}

/** `from`: a folder (copied as it is) and files (copied beside its files, each under its `name`). Problems and notes are said in `language`. */
export async function stageSubmission(
  from: { folder: string | null; files: readonly { path: string; name: string }[] },
  into: string,
  limits: UnpackLimits = SUBMISSION_UNPACK_LIMITS,
  language: Language = 'en',
): Promise<StagedSubmission> {
  const staged: StagedSubmission = { dir: into, unpacked: [], problems: [], notes: [] };
  if (from.folder !== null) await cp(from.folder, into, { recursive: true, verbatimSymlinks: true, errorOnExist: false, force: false });
  for (const file of from.files) await cp(file.path, join(into, file.name), { verbatimSymlinks: true, force: false });
  // One budget for the whole submission: archives inside archives (10,000 small zips of 64 MiB
  // each, say) must not add up to more than one submission may hold.
  const held = await sizeOf(into);
  for (let round = 0; round < ROUNDS; round++) {
    const archives = await findArchives(into, '', 0);
    if (archives.length === 0) break;
    for (const archive of archives) {
      const packed = await sizeOf(join(into, archive));
      const left = {
        maxEntries: Math.max(0, limits.maxEntries - held.files + packed.files),
        maxTotalBytes: Math.max(0, limits.maxTotalBytes - held.bytes + packed.bytes),
      };
      const reduced = left.maxEntries < limits.maxEntries || left.maxTotalBytes < limits.maxTotalBytes;
      const folder = await unpackOne(staged, archive, { ...limits, ...left }, reduced ? limits : null, language);
      const unpacked = folder === null ? { bytes: 0, files: 0 } : await sizeOf(folder);
      held.bytes += unpacked.bytes - packed.bytes;
      held.files += unpacked.files - packed.files;
    }
  }
  return staged;
}

/** The bytes and files (links included) under a path, or of one file. */
async function sizeOf(path: string): Promise<{ bytes: number; files: number }> {
  const stat = await lstat(path).catch(() => null);
  if (stat === null) return { bytes: 0, files: 0 };
  if (!stat.isDirectory()) return { bytes: stat.size, files: 1 };
  const total = { bytes: 0, files: 0 };
  for (const entry of await readdir(path).catch(() => [])) {
    const inside = await sizeOf(join(path, entry));
    total.bytes += inside.bytes;
    total.files += inside.files;
  }
  return total;
}

/**
 * Unpacks one archive beside itself; returns the folder it unpacked into, or null when it could
 * not. `whole`: the submission's limits, when `limits` is what is left of them after the files
 * and archives before this one (a refusal then names the whole submission's limits).
 */
async function unpackOne(staged: StagedSubmission, archive: string, limits: UnpackLimits, whole: UnpackLimits | null, language: Language): Promise<string | null> {
  const slash = archive.lastIndexOf('/');
  const parent = slash === -1 ? '' : archive.slice(0, slash);
  const base = archive.slice(slash + 1);
  let folder = join(staged.dir, parent, unpackedName(base));
  if (await lstat(folder).then(() => true, () => false)) folder = `${folder}-unpacked`;
  const packed = join(staged.dir, archive);
  // Moved aside first: a later round never sees it again, whether it unpacked or not.
  const aside = `${packed}.charcount-packed`;
  await rename(packed, aside);
  try {
    const result = await unpackArchive(aside, folder, archive, limits, language);
    staged.unpacked.push(archive);
    staged.problems.push(...result.rejected.map((report) => report.text));
    staged.notes.push(...result.notes.map((report) => report.text));
    return folder;
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    const overBudget = whole !== null && error.overLimit;
    staged.problems.push(overBudget ? ARCHIVE_TEXTS[language].overSubmissionBudget({ archive, mib: whole.maxTotalBytes / MIB, files: whole.maxEntries }) : error.message);
    await rm(folder, { recursive: true, force: true });
    return null;
  } finally {
    await rm(aside, { force: true });
  }
}

/** Archives (by name) in the folder and below, hidden and litter folders left out. */
async function findArchives(root: string, relative: string, depth: number): Promise<string[]> {
  if (depth > MAX_DEPTH) return [];
  const entries = await readdir(join(root, relative), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (isIgnoredName(entry.name)) continue;
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await findArchives(root, path, depth + 1)));
    else if (entry.isFile() && ARCHIVE_NAME.test(entry.name)) found.push(path);
  }
  return found.sort();
}
