/**
 * SUBMISSIONS as given: a class folder, read where it is, or a .zip of one, unpacked into a
 * private temporary folder that dispose() removes. What the unpacking left out is told to the
 * student folder it belonged to: a rejected entry makes that submission an error.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../command-line/usage-error';
import { discoverClass, type ClassListing, type FoundSubmission } from './discover';
import { unpackZip, type EntryReport, type Unpacked } from './zip-extract';

export interface ClassSource {
  listing: ClassListing;
  /** "a folder" or "a zip", for the run's first line. */
  kind: 'folder' | 'zip';
  dispose(): Promise<void>;
}

const SHOWN_REJECTIONS = 3;

export async function openClass(submissions: string): Promise<ClassSource> {
  const found = await stat(submissions).catch(() => null);
  if (found === null) throw new UsageError(`${submissions}: no such folder or .zip file; give the folder with one folder per student, or its .zip`);
  if (found.isDirectory()) return { listing: await readClass(submissions), kind: 'folder', dispose: async () => {} };
  if (!found.isFile()) throw new UsageError(`${submissions} is neither a folder nor a .zip file; give the folder with one folder per student, or its .zip`);
  const into = await mkdtemp(join(tmpdir(), 'charcount-grade-'));
  const dispose = (): Promise<void> => rm(into, { recursive: true, force: true });
  try {
    const unpacked = await unpackZip(submissions, into);
    return { listing: attribute(await readClass(into), unpacked), kind: 'zip', dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function readClass(root: string): Promise<ClassListing> {
  try {
    return await discoverClass(root);
  } catch (error) {
    throw new UsageError(`cannot read the class folder ${root} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions`);
  }
}

/** Each rejected entry and note goes to the submission whose folder holds it; the rest become warnings. */
export function attribute(listing: ClassListing, unpacked: Unpacked): ClassListing {
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
    else warnings.push(`${report.text} (it belongs to no student folder)`);
  }
  for (const note of unpacked.notes) if (!ownerOf(note)) warnings.push(note.text);
  const submissions = listing.submissions.map((submission) => {
    const notes = [...submission.notes, ...unpacked.notes.filter((note) => ownerOf(note) === submission).map((note) => note.text)];
    const texts = rejected.get(submission);
    if (!texts) return { ...submission, notes };
    const more = texts.length > SHOWN_REJECTIONS ? `; and ${texts.length - SHOWN_REJECTIONS} more entries` : '';
    return { ...submission, notes, dir: null, problem: `${texts.slice(0, SHOWN_REJECTIONS).join('; ')}${more}` };
  });
  return { submissions, warnings };
}
