/**
 * SUBMISSIONS as given (a class folder, or a .zip of one, unpacked first) made ready to grade:
 * each submission copied into a private temporary folder that dispose() removes (or the exit,
 * or, after a SIGKILL, the next run: see intake/scratch-folder.ts), archives
 * inside it unpacked, and the instructor's choice of entry (--entry, --entries) written into
 * it. The class folder itself is never changed. What the unpacking left out is told to the
 * submission it belonged to: a rejected entry makes that submission an error.
 */
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { forgetRemoval, removeOnExit } from './exit-cleanup';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../command-line/usage-error';
import { chooseByGlob, writeEntry } from '../intake/entry-override';
import { isIgnoredName } from '../intake/ignored-names';
import { ownedPrefix, removeAbandoned } from '../intake/scratch-folder';
import { stageSubmission, SUBMISSION_UNPACK_LIMITS } from '../intake/stage-submission';
import { unpackZip, UNPACK_LIMITS, type EntryReport, type Unpacked } from '../intake/zip-extract';
import type { Language } from '../language';
import { CLASS_TEXTS } from './class-texts';
import { discoverClass, type ClassListing, type FoundSubmission } from './discover';

export interface ClassSource {
  listing: ClassListing;
  /** "a folder" or "a zip", for the run's first line. */
  kind: 'folder' | 'zip';
  dispose(): Promise<void>;
}

/** The instructor's choices of entry: a glob for the class, a file per submission (by name, student id or student name). */
export interface EntryChoices {
  glob: string | null;
  perStudent: Map<string, string>;
}

const SHOWN_REJECTIONS = 3;
/** The staged copy's folder in the temporary folder: charcount-grade-<pid>-XXXXXX. */
const GRADE_PREFIX = 'charcount-grade-';

/** What unpacking left out is said in `language` (the run's --lang). */
export async function openClass(submissions: string, choices: EntryChoices = { glob: null, perStudent: new Map() }, language: Language = 'en'): Promise<ClassSource> {
  const say = CLASS_TEXTS[language];
  const found = await stat(submissions).catch(() => null);
  if (found === null) throw new UsageError(say.noSuchClass({ given: submissions }));
  if (!found.isDirectory() && !found.isFile()) throw new UsageError(say.notAClass({ given: submissions }));
  // A run killed outright (SIGKILL: no exit handler runs) left its copy: named for its process, it goes now.
  removeAbandoned(GRADE_PREFIX);
  const into = await mkdtemp(join(tmpdir(), ownedPrefix(GRADE_PREFIX, process.pid)));
  removeOnExit(into);
  const dispose = (): Promise<void> => rm(into, { recursive: true, force: true }).then(() => forgetRemoval(into));
  try {
    let listing: ClassListing;
    if (found.isDirectory()) listing = await readClass(submissions, language);
    else {
      const unpacked = await unpackZip(submissions, join(into, 'class'), UNPACK_LIMITS, language);
      listing = attribute(await readClass(join(into, 'class'), language), unpacked, language);
    }
    const staged: FoundSubmission[] = [];
    for (const [index, submission] of listing.submissions.entries()) staged.push(await stage(submission, join(into, 'staged', String(index)), choices, language));
    return { listing: { submissions: staged, warnings: listing.warnings }, kind: found.isDirectory() ? 'folder' : 'zip', dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function readClass(root: string, language: Language): Promise<ClassListing> {
  try {
    return await discoverClass(root, language);
  } catch (error) {
    throw new UsageError(CLASS_TEXTS[language].unreadableClass({ folder: root, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
}

/** A copy of the submission to read and build, its archives unpacked and the instructor's entry written. */
async function stage(found: FoundSubmission, into: string, choices: EntryChoices, language: Language): Promise<FoundSubmission> {
  if (found.problem !== null) return found;
  await mkdir(into, { recursive: true });
  try {
    const staged = await stageSubmission(found.source, into, SUBMISSION_UNPACK_LIMITS, language);
    const notes = [...found.notes, ...staged.notes, ...staged.unpacked.map((archive) => CLASS_TEXTS[language].unpackedNote({ archive }))];
    if (!(await holdsAnything(into))) {
      return staged.problems.length > 0 ? { ...found, notes, problem: staged.problems.join('; ') } : { ...found, notes, missing: true, problem: null };
    }
    const chosen = choiceFor(found, choices.perStudent);
    if (chosen !== null) await writeEntry(into, null, chosen);
    else if (choices.glob !== null) {
      const byGlob = await chooseByGlob(into, choices.glob);
      if ('several' in byGlob) {
        return { ...found, notes, problem: CLASS_TEXTS[language].entryGlobAmbiguous({ glob: choices.glob, count: byGlob.several.length, files: byGlob.several.join(', ') }) };
      }
    }
    // Archive problems stop grading only when no server is found without them (the grader decides, after reading the folder).
    // An archive note becomes the error when no server is found (run-grade.ts, archiveProblemOf).
    return { ...found, dir: into, notes: [...notes, ...staged.problems.map((problem) => CLASS_TEXTS[language].archiveProblemNote({ problem }))] };
  } catch (error) {
    return { ...found, problem: CLASS_TEXTS[language].notCopied({ error: (error as NodeJS.ErrnoException).code ?? (error as Error).message }) };
  }
}

function choiceFor(found: FoundSubmission, perStudent: ReadonlyMap<string, string>): string | null {
  const keys = [found.name, found.student?.id ?? null, found.student?.name ?? null].filter((key): key is string => key !== null).map((key) => key.toLowerCase());
  for (const [key, file] of perStudent) if (keys.includes(key.toLowerCase())) return file;
  return null;
}

async function holdsAnything(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (isIgnoredName(entry.name)) continue;
    if (!entry.isDirectory() || (await holdsAnything(join(dir, entry.name)))) return true;
  }
  return false;
}

/** Each rejected entry and note goes to the submission whose folder holds it; the rest become warnings. */
function attribute(listing: ClassListing, unpacked: Unpacked, language: Language = 'en'): ClassListing {
  const say = CLASS_TEXTS[language];
  const warnings = [...listing.warnings];
  const ownerOf = (report: EntryReport): FoundSubmission | undefined =>
    listing.submissions.find((submission) => {
      const folder = submission.path.split('/');
      return folder.every((part, index) => report.owner[index] === part);
    });
  const rejected = new Map<FoundSubmission, string[]>();
  for (const report of unpacked.rejected) {
    const owner = ownerOf(report);
    if (owner) rejected.set(owner, [...(rejected.get(owner) ?? []), report.text]);
    else warnings.push(say.noOwner({ text: report.text }));
  }
  for (const note of unpacked.notes) if (!ownerOf(note)) warnings.push(note.text);
  const submissions = listing.submissions.map((submission) => {
    const notes = [...submission.notes, ...unpacked.notes.filter((note) => ownerOf(note) === submission).map((note) => note.text)];
    const texts = rejected.get(submission);
    if (!texts) return { ...submission, notes };
    const more = texts.length > SHOWN_REJECTIONS ? say.moreRejected({ count: texts.length - SHOWN_REJECTIONS }) : '';
    return { ...submission, notes, dir: null, problem: `${texts.slice(0, SHOWN_REJECTIONS).join('; ')}${more}` };
  });
  return { submissions, warnings };
}
