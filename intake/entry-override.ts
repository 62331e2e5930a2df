/**
 * The instructor's choice of entry, written where intake's rules read it: `charcount-entry.txt`
 * at the submission's top (the folder under the lone folders it was packed in). A glob is
 * matched, in any case, against each file's path below the top (a glob without "/" against
 * the file's name, anywhere).
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join, matchesGlob } from 'node:path';
import { ENTRY_FILE, topFolder } from './entry-rules';
import { isIgnoredName } from './ignored-names';
import { languageOf } from './server-signals';

export type GlobChoice = { chosen: string } | { none: true } | { several: string[] };

/** Chooses the one source file that `glob` matches and writes it as the submission's entry. */
export async function chooseByGlob(dir: string, glob: string): Promise<GlobChoice> {
  const files = await visibleFiles(dir, '');
  const top = topFolder(files);
  const below = files.filter((path) => top === '' || path.startsWith(`${top}/`)).map((path) => (top === '' ? path : path.slice(top.length + 1)));
  const pattern = glob.toLowerCase().replaceAll('\\', '/');
  const matches = below.filter((path) => languageOf(path) !== null && matchesGlob((pattern.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1)).toLowerCase(), pattern));
  if (matches.length === 0) return { none: true };
  if (matches.length > 1) return { several: matches };
  await writeEntry(dir, top, matches[0]!);
  return { chosen: matches[0]! };
}

/** Writes `file` (relative to the submission's folder, or to its top) as the submission's entry. */
export async function writeEntry(dir: string, top: string | null, file: string): Promise<void> {
  const at = top ?? topFolder(await visibleFiles(dir, ''));
  const path = file.replaceAll('\\', '/').replace(/^\.\//, '');
  await writeFile(join(dir, at, ENTRY_FILE), `${at !== '' && path.startsWith(`${at}/`) ? path.slice(at.length + 1) : path}\n`);
}

async function visibleFiles(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(join(root, relative), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (isIgnoredName(entry.name)) continue;
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await visibleFiles(root, path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
