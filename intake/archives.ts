/**
 * Unpacks an archive a student put inside a submission (zip, tar, tar.gz, 7z, rar) into a
 * folder, under the class zip's rules (planEntry): nothing outside the folder, no links, no
 * devices, no file larger than a submission may be, no more in all than the limits allow.
 * Zip goes through yauzl (unpackZip), tar through the tar package, 7z and rar through 7-Zip
 * compiled to WebAssembly (7z-wasm): no native program is needed. An archive that cannot be
 * read throws ArchiveError, whose message says so in the run's language (archive-texts.ts).
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import SevenZip from '7z-wasm';
import { extract as extractTar } from 'tar';
import { UsageError } from '../command-line/usage-error';
import type { Language } from '../language';
import { ARCHIVE_TEXTS } from './archive-texts';
import { planEntry, type ZipEntryFacts } from './zip-entry';
import { unpackZip, ZipOverLimit, type EntryReport, type Unpacked, type UnpackLimits } from './zip-extract';

export class ArchiveError extends Error {
  constructor(
    message: string,
    /** The archive would unpack to more than the limits allow (files or bytes), rather than being unreadable. */
    readonly overLimit = false,
  ) {
    super(message);
  }
}

export const ARCHIVE_NAME = /\.(zip|tar|tgz|tar\.gz|7z|rar)$/i;

const UNIX_MADE = 3 << 8;
const TYPE_BITS = { file: 0o100000, directory: 0o040000, symlink: 0o120000, other: 0o010000 } as const;

/** The folder an archive unpacks into: its name without the extension. */
export function unpackedName(archive: string): string {
  return archive.replace(ARCHIVE_NAME, '');
}

export async function unpackArchive(archive: string, into: string, shownAs: string, limits: UnpackLimits, language: Language = 'en'): Promise<Unpacked> {
  const say = ARCHIVE_TEXTS[language];
  await mkdir(into, { recursive: true, mode: 0o755 });
  // By the name the student gave it: the file itself may have been moved aside under another.
  const lower = shownAs.toLowerCase();
  if (lower.endsWith('.zip')) {
    try {
      return await unpackZip(archive, into, limits, language);
    } catch (error) {
      if (error instanceof ZipOverLimit) throw new ArchiveError(say.archiveTooBig({ archive: shownAs, mib: limits.maxTotalBytes / 1024 / 1024, files: limits.maxEntries }), true);
      throw new ArchiveError(error instanceof UsageError ? error.message.replace(archive, shownAs) : say.unreadableArchive({ archive: shownAs, format: 'zip', error: (error as Error).message }));
    }
  }
  if (lower.endsWith('.7z') || lower.endsWith('.rar')) return unpackWith7z(archive, into, shownAs, limits, language);
  return unpackTar(archive, into, shownAs, limits, language);
}

/** Applies planEntry to one entry and tells rejected and left-out entries as the class zip's unpacking does. */
function judge(facts: ZipEntryFacts, limits: UnpackLimits, result: Unpacked, archiveName: string, language: Language): string[] | null {
  const plan = planEntry(facts, limits.maxFileBytes, language, 'archive');
  switch (plan.action) {
    case 'reject':
      result.rejected.push({ owner: [], text: ARCHIVE_TEXTS[language].archiveEntryRejected({ entry: plan.shown, archive: archiveName, reason: plan.reason }) });
      return null;
    case 'skip':
      if (plan.note !== null) result.notes.push({ owner: [], text: `${archiveName}: ${plan.note}` });
      return null;
    case 'directory':
      return null;
    case 'file':
      return plan.path;
  }
}

async function unpackTar(archive: string, into: string, shownAs: string, limits: UnpackLimits, language: Language): Promise<Unpacked> {
  const say = ARCHIVE_TEXTS[language];
  const result: Unpacked = { rejected: [], notes: [] };
  const name = shownAs.slice(shownAs.lastIndexOf('/') + 1);
  let total = 0;
  let entries = 0;
  let tooBig = false;
  const warnings: string[] = [];
  try {
    await extractTar({
      file: archive,
      cwd: into,
      preserveOwner: false,
      noMtime: true,
      strict: false,
      onwarn: (_code: string, message: string | Error) => {
        warnings.push(String(message));
      },
      filter: (path, entry) => {
        const type = entry.type === 'Directory' ? 'directory' : entry.type === 'SymbolicLink' || entry.type === 'Link' ? 'symlink' : entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile' ? 'file' : 'other';
        const facts: ZipEntryFacts = {
          name: type === 'directory' && !path.endsWith('/') ? `${path}/` : path,
          versionMadeBy: UNIX_MADE,
          externalFileAttributes: (TYPE_BITS[type] | ((entry.mode ?? 0o644) & 0o777)) << 16,
          encrypted: false,
          uncompressedSize: entry.size,
        };
        if (++entries > limits.maxEntries) tooBig = true;
        if (type === 'directory') return judge(facts, limits, result, name, language) === null && planEntry(facts, limits.maxFileBytes).action === 'directory';
        if (judge(facts, limits, result, name, language) === null) return false;
        total += entry.size;
        if (total > limits.maxTotalBytes) tooBig = true;
        return !tooBig;
      },
    });
  } catch (error) {
    throw new ArchiveError(say.unreadableArchive({ archive: shownAs, format: 'tar', error: (error as Error).message }));
  }
  if (tooBig) throw new ArchiveError(say.archiveTooBig({ archive: shownAs, mib: limits.maxTotalBytes / 1024 / 1024, files: limits.maxEntries }), true);
  if (entries === 0) throw new ArchiveError(say.unreadableArchive({ archive: shownAs, format: 'tar', error: warnings[0] ?? null }));
  return result;
}

interface SevenZipEntry {
  path: string;
  size: number;
  attributes: string;
  encrypted: boolean;
}

/** 7-Zip's `l -slt` listing: blocks of "Key = value" lines, one block per entry. */
export function parseSevenZipListing(lines: readonly string[]): SevenZipEntry[] {
  const entries: SevenZipEntry[] = [];
  let current: Record<string, string> | null = null;
  const flush = (): void => {
    if (current?.Path !== undefined) {
      entries.push({ path: current.Path.replaceAll('\\', '/'), size: Number(current.Size ?? 0) || 0, attributes: current.Attributes ?? '', encrypted: current.Encrypted === '+' });
    }
    current = null;
  };
  for (const raw of lines) {
    // 7-Zip draws its progress with backspaces on the same line as the first key.
    const line = raw.slice(raw.lastIndexOf('\b') + 1).replace(/^\s+(?=Path = )/, '');
    const match = /^([A-Za-z ]+?) = (.*)$/.exec(line);
    if (!match) {
      if (line.trim() === '') flush();
      continue;
    }
    if (match[1] === 'Path') flush();
    current ??= {};
    current[match[1]!] = match[2]!;
  }
  flush();
  return entries;
}

/** 7-Zip's attributes ("A -rw-r--r--", "D drwxr-xr-x", "A lrwxrwxrwx", or just "A"/"D" from Windows) as zip facts. */
function sevenZipFacts(entry: SevenZipEntry): ZipEntryFacts {
  const unix = /([-dlcbps])([-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT])/.exec(entry.attributes);
  const isDirectory = /^D/.test(entry.attributes) || unix?.[1] === 'd';
  let attributes = 0;
  if (unix) {
    const type = { '-': TYPE_BITS.file, d: TYPE_BITS.directory, l: TYPE_BITS.symlink }[unix[1]!] ?? TYPE_BITS.other;
    const bits = [...unix[2]!].reduce((mode, char, index) => (char === '-' || char === 'S' || char === 'T' ? mode : mode | (1 << (8 - index))), 0);
    attributes = (type | bits) << 16;
  }
  return {
    name: isDirectory && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path,
    versionMadeBy: unix ? UNIX_MADE : 0,
    externalFileAttributes: attributes,
    encrypted: entry.encrypted,
    uncompressedSize: entry.size,
  };
}

async function sevenZip(
  args: string[],
  archive: Buffer,
  archiveName: string,
  shownAs: string,
  language: Language,
  listFile: string | null = null,
): Promise<{ code: number; lines: string[]; module: Awaited<ReturnType<typeof SevenZip>> }> {
  const lines: string[] = [];
  let module: Awaited<ReturnType<typeof SevenZip>>;
  try {
    module = await SevenZip({ print: (line: string) => lines.push(line), printErr: (line: string) => lines.push(line) });
  } catch (error) {
    // A bundle whose 7zz.wasm was not copied beside it (packaging/bundle-intake.ts).
    throw new ArchiveError(ARCHIVE_TEXTS[language].sevenZipDidNotStart({ archive: shownAs, error: String((error as Error).message ?? error).split('\n')[0]! }));
  }
  module.FS.writeFile(`/${archiveName}`, archive);
  if (listFile !== null) module.FS.writeFile('/wanted.txt', listFile);
  let code: number;
  try {
    code = (module.callMain(args) as unknown as number | undefined) ?? 0;
  } catch (error) {
    code = (error as { status?: number }).status ?? 2;
  }
  return { code, lines, module };
}

async function unpackWith7z(archive: string, into: string, shownAs: string, limits: UnpackLimits, language: Language): Promise<Unpacked> {
  const say = ARCHIVE_TEXTS[language];
  const result: Unpacked = { rejected: [], notes: [] };
  const name = shownAs.slice(shownAs.lastIndexOf('/') + 1);
  const bytes = await readFile(archive);
  const internal = shownAs.toLowerCase().endsWith('.rar') ? 'archive.rar' : 'archive.7z';
  const listed = await sevenZip(['l', '-slt', '-ba', '-p', `/${internal}`], bytes, internal, shownAs, language);
  const problem = listed.lines.find((line) => /ERROR|Can not open|Cannot open/i.test(line));
  if (listed.code !== 0 || problem !== undefined) {
    const error = problem === undefined ? null : problem.replace(/^ERROR: \S+ : /, '');
    throw new ArchiveError(say.unreadableArchive({ archive: shownAs, format: internal.endsWith('.rar') ? 'rar' : '7z', error }));
  }
  const entries = parseSevenZipListing(listed.lines);
  if (entries.length > limits.maxEntries) throw new ArchiveError(say.archiveTooManyFiles({ archive: shownAs, files: limits.maxEntries }), true);
  const wanted: { inside: string; path: string[] }[] = [];
  let total = 0;
  for (const entry of entries) {
    const path = judge(sevenZipFacts(entry), limits, result, name, language);
    if (path === null) continue;
    total += entry.size;
    wanted.push({ inside: entry.path, path });
  }
  if (total > limits.maxTotalBytes) throw new ArchiveError(say.archiveTooBig({ archive: shownAs, mib: limits.maxTotalBytes / 1024 / 1024, files: null }), true);
  if (wanted.length === 0) return result;
  // Only the files judged above are unpacked (into 7-Zip's own memory, then written out): an entry
  // refused for its size is never decompressed. Named in a list file, taken literally (-spd).
  const list = wanted.map(({ inside }) => inside).join('\n');
  const unpacked = await sevenZip(['x', '-y', '-p', '-spd', '-scsUTF-8', '-o/out', `/${internal}`, '@/wanted.txt'], bytes, internal, shownAs, language, list);
  for (const { inside, path } of wanted) {
    let content: Uint8Array;
    try {
      content = unpacked.module.FS.readFile(`/out/${inside}`);
    } catch {
      result.rejected.push({ owner: [], text: say.archiveEntryDamaged({ entry: inside, archive: name }) });
      continue;
    }
    const target = join(into, ...path);
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    await writeFile(target, content, { flag: 'wx', mode: 0o644 }).catch((error: NodeJS.ErrnoException) =>
      result.rejected.push({ owner: [], text: say.archiveEntryRejected({ entry: inside, archive: name, reason: error.code === 'EEXIST' ? say.heldTwice({ packed: 'archive' }) : (error.code ?? error.message) }) }),
    );
  }
  return result;
}

export type { EntryReport, Unpacked };
