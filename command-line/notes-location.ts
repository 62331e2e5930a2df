/**
 * Where the links to the lab notes (hints, the HTML page, the grader's feedback) resolve: one
 * notes base for every program. Relative paths work only in a clone; a program anywhere else
 * (a bundled checker on a lab PC, an npm install, a page opened from an LMS) links a URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Language } from '../language';
import { notesUrlOption } from './option-values';
import { packageRoot } from './version';

/** What the bundler replaces with the notes URL given when the bundle was built (packaging/bundle-program.ts); undefined elsewhere. */
declare const CHARCOUNT_NOTES_URL: string | null | undefined;

/** The environment variable that sets the notes URL where no --notes-url is given (a lab PC, the compose check service through .env). */
export const NOTES_URL_VARIABLE = 'CHARCOUNT_NOTES_URL';

/** The web address of lab-notes/ in the repository package.json names (GitHub or GitLab), or null. */
export function repositoryNotesUrl(packageJson: { repository?: string | { url?: string } }): string | null {
  const url = typeof packageJson.repository === 'string' ? packageJson.repository : packageJson.repository?.url;
  const web = url?.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git@([^:]+):/, 'https://$1/');
  return web !== undefined && /^https:\/\/(github\.com|gitlab\.com)\/[^/]+\/[^/]+$/.test(web) ? `${web}/blob/main/lab-notes/` : null;
}

/** The notes URL a bundle was built with, or that package.json's repository gives; null when neither says. */
function publishedNotesUrl(root: string | null): string | null {
  if (typeof CHARCOUNT_NOTES_URL !== 'undefined') return CHARCOUNT_NOTES_URL;
  if (root === null) return null;
  try {
    return repositoryNotesUrl(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: string });
  } catch {
    return null;
  }
}

/** Who reads the links, and from where. */
export interface NotesReader {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A person at this clone's terminal (the checker) opens relative paths; a page sent to an LMS (the grader's) cannot. */
  relativeInClone: boolean;
}

/**
 * The notes base, with one trailing slash, or null for `lab-notes/` relative paths: --notes-url;
 * else CHARCOUNT_NOTES_URL; else, for a reader at a clone (lab-notes/ in the working folder, as
 * in the compose check service), relative paths; else the URL the bundle was built with or
 * package.json's repository names; else the notes an npm install carries beside the program,
 * as a file: URL; else relative paths.
 */
export function notesLocation(flag: string | undefined, language: Language, where: NotesReader = { env: process.env, cwd: process.cwd(), relativeInClone: true }): string | null {
  if (flag !== undefined) return notesUrlOption(flag, language, '--notes-url');
  const fromEnvironment = where.env[NOTES_URL_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return notesUrlOption(fromEnvironment, language, NOTES_URL_VARIABLE);
  if (where.relativeInClone && existsSync(join(where.cwd, 'lab-notes'))) return null;
  const root = packageRoot();
  const published = publishedNotesUrl(root);
  if (published !== null) return published;
  if (root !== null && root.includes(`${sep}node_modules${sep}`) && existsSync(join(root, 'lab-notes', 'README.md'))) {
    return `${pathToFileURL(join(root, 'lab-notes')).href}/`;
  }
  return null;
}
