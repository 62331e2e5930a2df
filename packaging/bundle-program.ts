/**
 * One of the kit's programs bundled by esbuild into a single CommonJS file that any Node.js
 * 22.22 or newer runs with no npm install: minified, function names kept (an internal error's
 * stack still names them), the version and commit baked in (command-line/version.ts reads
 * them), the lab notes' URL too (bakedNotesUrl), and the licenses of the packages bundled in appended at its end.
 */
import { build } from 'esbuild';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NOTES_URL_VARIABLE, repositoryNotesUrl } from '../command-line/notes-location';
import { notesUrlOption } from '../command-line/option-values';
import { ROOT, buildInfo } from './build-info';
import { licenseNotices } from './license-notices';

export interface ProgramBundle {
  /** The program's entry (a .ts file). */
  entry: string;
  out: string;
  /** What the first line says after the program's name and version. */
  says: string;
  /** Packages left out of the bundle (optional native speed-ups). */
  external?: string[];
}

/**
 * The notes URL a bundle links its hints to: a bundle runs where no clone is (a lab PC, a
 * student's download), so relative paths would open nothing. CHARCOUNT_NOTES_URL when the
 * bundle is built (an instructor's own copy of the notes), else the repository package.json
 * names, else none (relative paths, and a student may still give --notes-url).
 */
function bakedNotesUrl(): string | null {
  const given = process.env[NOTES_URL_VARIABLE];
  if (given !== undefined && given !== '') return notesUrlOption(given, 'en', NOTES_URL_VARIABLE);
  return repositoryNotesUrl(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository?: string });
}

/** Writes the bundle; returns its size in bytes. */
export async function bundleProgram({ entry, out, says, external = [] }: ProgramBundle, name: string): Promise<number> {
  const info = buildInfo();
  const result = await build({
    metafile: true,
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22.22',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    external,
    define: { CHARCOUNT_BUILD: JSON.stringify(info), CHARCOUNT_NOTES_URL: JSON.stringify(bakedNotesUrl()) },
    banner: { js: `// ${name} ${info.version}${info.commit === null ? '' : ` (commit ${info.commit})`}, ${says}` },
  });
  appendFileSync(out, licenseNotices(Object.keys(result.metafile.inputs)));
  return statSync(out).size;
}
