/**
 * Unpacks a class zip (an LMS bulk download) into a folder, entry by entry, following
 * planEntry's rules: nothing is written outside the folder, no link is created, an entry that
 * breaks a rule is left out with a reason for the student folder it belongs to, and the whole
 * zip may unpack to no more than a fixed size (sizes are checked as the bytes come, not only
 * as the zip declares them). A zip that cannot be read at all is a usage error.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { UsageError } from '../command-line/usage-error';
import type { Language } from '../language';
import { ARCHIVE_TEXTS } from './archive-texts';
import { planEntry } from './zip-entry';

const MIB = 1024 * 1024;

export interface UnpackLimits {
  maxEntries: number;
  /** One file; a submission as a whole may not hold more either (the checker's build context limit). */
  maxFileBytes: number;
  /** Everything unpacked. */
  maxTotalBytes: number;
}

export const UNPACK_LIMITS: UnpackLimits = { maxEntries: 100_000, maxFileBytes: 64 * MIB, maxTotalBytes: 2048 * MIB };

/** Something about one entry, for the student folder whose path `owner` starts with. */
export interface EntryReport {
  owner: string[];
  text: string;
}

export interface Unpacked {
  /** Entries left out because they broke a rule: the submission they belong to cannot be graded. */
  rejected: EntryReport[];
  /** Entries left out that a submission can do without (links, devices), said in its feedback. */
  notes: EntryReport[];
}

class TooBig extends Error {}

/** The zip holds more entries, or unpacks to more bytes, than the limits allow. */
export class ZipOverLimit extends UsageError {}

/** What is left out, and why a zip cannot be read, is said in `language` (the run's --lang). */
export async function unpackZip(zipPath: string, into: string, limits: UnpackLimits = UNPACK_LIMITS, language: Language = 'en'): Promise<Unpacked> {
  const say = ARCHIVE_TEXTS[language];
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings off: yauzl would end the whole zip at the first bad name; each is judged here instead.
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    throw unreadable(zipPath, error, language);
  }
  const result: Unpacked = { rejected: [], notes: [] };
  let written = 0;
  let seen = 0;

  const countBytes = (): Transform =>
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        if (written > limits.maxTotalBytes) done(new TooBig());
        else done(null, chunk);
      },
    });

  async function unpack(entry: yauzl.Entry): Promise<void> {
    if (++seen > limits.maxEntries) {
      throw new ZipOverLimit(say.classZipTooManyEntries({ zip: zipPath, entries: limits.maxEntries }));
    }
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    const plan = planEntry(
      { name, versionMadeBy: entry.versionMadeBy, externalFileAttributes: entry.externalFileAttributes, encrypted: entry.isEncrypted(), uncompressedSize: entry.uncompressedSize },
      limits.maxFileBytes,
      language,
    );
    const refuse = (owner: string[], shown: string, reason: string): void => {
      result.rejected.push({ owner, text: say.zipEntryRejected({ entry: shown, reason }) });
    };
    switch (plan.action) {
      case 'reject':
        // The folder it was meant for exists even if nothing else of it does: that student still gets a row.
        if (plan.owner.length > 0) await mkdir(join(into, ...plan.owner), { recursive: true, mode: 0o755 }).catch(() => undefined);
        return refuse(plan.owner, plan.shown, plan.reason);
      case 'skip':
        if (plan.note !== null) result.notes.push({ owner: plan.path.slice(0, -1), text: plan.note });
        return;
      case 'directory':
        await mkdir(join(into, ...plan.path), { recursive: true, mode: 0o755 }).catch((error: NodeJS.ErrnoException) =>
          refuse(plan.path, plan.path.join('/'), say.notMadeFolder({ error: error.code ?? error.message })),
        );
        return;
      case 'file': {
        const target = join(into, ...plan.path);
        const owner = plan.path.slice(0, -1);
        const shown = plan.path.join('/');
        try {
          await mkdir(dirname(target), { recursive: true, mode: 0o755 });
          const content = await zip.openReadStreamPromise(entry);
          // 'wx': an entry never replaces a file already unpacked (a zip can name one path twice).
          await pipeline(content, countBytes(), createWriteStream(target, { flags: 'wx', mode: plan.mode }));
        } catch (error) {
          if (error instanceof TooBig) {
            throw new ZipOverLimit(say.classZipTooBig({ zip: zipPath, mib: limits.maxTotalBytes / MIB }));
          }
          const code = (error as NodeJS.ErrnoException).code;
          // EEXIST: the file is the first entry's, and stays; anything else leaves a partial file of this entry.
          if (code !== 'EEXIST') await rm(target, { force: true }).catch(() => undefined);
          refuse(owner, shown, code === 'EEXIST' ? say.heldTwice({ packed: 'zip' }) : say.notWritten({ error: code ?? (error as Error).message }));
        }
      }
    }
  }

  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        unpack(entry).then(() => zip.readEntry(), reject);
      });
      zip.once('end', resolve);
      zip.once('error', (error: Error) => reject(unreadable(zipPath, error, language)));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return result;
}

function unreadable(zipPath: string, error: unknown, language: Language): UsageError {
  if (error instanceof UsageError) return error;
  return new UsageError(ARCHIVE_TEXTS[language].classZipUnreadable({ zip: zipPath, error: (error as Error).message }));
}
