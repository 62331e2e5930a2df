/**
 * What to do with one entry of a class zip, decided from its name and attributes alone
 * (pure: unit-tested on hand-made entries). The rules keep every byte inside the folder the
 * zip is unpacked in: a path that is absolute, has a drive letter, climbs with "..", or holds
 * control characters is rejected with a reason; links, devices and pipes are never created;
 * an entry larger than a submission may be is rejected before a byte is written.
 */
import type { Language } from '../language';
import { ARCHIVE_TEXTS, type Packed } from './archive-texts';
import { isLitter } from './ignored-names';

export interface ZipEntryFacts {
  /** The decoded name, backslashes already turned into "/" (yauzl's getFileNameLowLevel). */
  name: string;
  /** The "version made by" field: its high byte 3 means Unix, and then the attributes hold a mode. */
  versionMadeBy: number;
  externalFileAttributes: number;
  encrypted: boolean;
  uncompressedSize: number;
}

export type EntryPlan =
  | { action: 'directory'; path: string[] }
  | { action: 'file'; path: string[]; mode: number }
  /** Left out: operating-system litter (note null), or something that is not a file or folder (a note says so). */
  | { action: 'skip'; path: string[]; note: string | null }
  /** `owner`: the path up to the first part that broke a rule, so the student folder it came from can be told. */
  | { action: 'reject'; owner: string[]; shown: string; reason: string };

const UNIX = 3;
const TYPE_MASK = 0o170000;
const TYPES = { file: 0o100000, directory: 0o040000, symlink: 0o120000 } as const;

/** Reasons and notes are said in `language`, naming where the entry came from (`packed`: a class zip, or a student's archive). */
export function planEntry(entry: ZipEntryFacts, maxFileBytes: number, language: Language = 'en', packed: Packed = 'zip'): EntryPlan {
  const say = ARCHIVE_TEXTS[language];
  const shown = JSON.stringify(entry.name).slice(1, -1);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(entry.name)) return { action: 'reject', owner: [], shown, reason: say.controlCharacters() };
  if (entry.name.startsWith('/') || /^[A-Za-z]:/.test(entry.name)) {
    return { action: 'reject', owner: [], shown, reason: say.absolutePath() };
  }
  const parts = entry.name.split('/').filter((part) => part !== '' && part !== '.');
  const climb = parts.indexOf('..');
  if (climb !== -1) {
    return { action: 'reject', owner: parts.slice(0, climb), shown, reason: say.climbsOut() };
  }
  if (parts.length === 0) return { action: 'skip', path: parts, note: null };
  if (parts.some(isLitter)) return { action: 'skip', path: parts, note: null };
  const mode = entry.versionMadeBy >>> 8 === UNIX ? entry.externalFileAttributes >>> 16 : 0;
  const type = mode & TYPE_MASK;
  if (entry.name.endsWith('/') || type === TYPES.directory) return { action: 'directory', path: parts };
  const path = parts.join('/');
  if (type === TYPES.symlink) return { action: 'skip', path: parts, note: say.isLink({ path, packed }) };
  if (type !== 0 && type !== TYPES.file) return { action: 'skip', path: parts, note: say.notRegular({ path }) };
  if (entry.encrypted) return { action: 'reject', owner: parts.slice(0, -1), shown, reason: say.encrypted() };
  if (entry.uncompressedSize > maxFileBytes) {
    return {
      action: 'reject',
      owner: parts.slice(0, -1),
      shown,
      reason: say.tooLarge({ size: mib(entry.uncompressedSize), limit: mib(maxFileBytes) }),
    };
  }
  // Executable bits survive (a start script may need them); nothing else of the zip's mode does.
  return { action: 'file', path: parts, mode: mode & 0o111 ? 0o755 : 0o644 };
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}
