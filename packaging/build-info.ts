/**
 * What a build of charcount-lab bakes in: the package version and the commit of the clone it
 * is built from (with "-dirty" for uncommitted changes), as --version prints them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commitFromGit } from '../command-line/version';

export const ROOT = resolve(__dirname, '..');

export interface BuildInfo {
  version: string;
  commit: string | null;
}

export function buildInfo(): BuildInfo {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return { version, commit: commitFromGit(ROOT) };
}
