/**
 * Builds class folders for the grader's tests and its bench: each submission a folder as a
 * student hands it in, made from the checker's fixture servers (tests/checker/servers) or the
 * hostile ones (tests/grader/classes/hostile), with the helper modules they import copied next
 * to them (a submission's folder is all its container has).
 */
import { appendFileSync, copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../support/paths';

export { ROOT } from '../../support/paths';
export const GRADER_JS = join(ROOT, 'dist', 'grader', 'main.js');
export const SERVERS_DIR = join(ROOT, 'tests', 'checker', 'servers');
export const HOSTILE_DIR = join(ROOT, 'tests', 'grader', 'classes', 'hostile');

/** File in the folder -> fixture it is copied from. */
const HELPERS: Record<string, string> = {
  'threaded_server.py': 'threaded_server.py',
  'correct_selectors.py': 'correct-selectors.py',
};

function copyHelpers(dir: string): void {
  for (const [name, fixture] of Object.entries(HELPERS)) copyFileSync(join(SERVERS_DIR, fixture), join(dir, name));
}

/**
 * A server.py-only submission made of a fixture server (e.g. "counts-bytes.py"). With `student`,
 * a comment line makes its content (and so its image) its own, as every real student's is.
 */
export function fixtureSubmission(dir: string, fixture: string, student?: number): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(SERVERS_DIR, fixture), join(dir, 'server.py'));
  copyHelpers(dir);
  if (student !== undefined) appendFileSync(join(dir, 'server.py'), `\n# student ${student}\n`);
}

/** One of tests/grader/classes/hostile, by folder name. */
export function hostileSubmission(dir: string, name: string): void {
  cpSync(join(HOSTILE_DIR, name), dir, { recursive: true });
  copyHelpers(dir);
}
