/**
 * charcount-lab's version, as every program's --version prints it and every report records
 * it: the package version and, when known, the commit it was built from. A bundle
 * (packaging/) has both baked in by the bundler; compiled or run from sources, the version
 * comes from package.json beside the sources or beside dist/, and the commit from git when
 * this is a clone, else from the build-info.json the package's prepack step wrote.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** What the bundler replaces with {version, commit} (packaging/build-info.ts); undefined elsewhere. */
declare const CHARCOUNT_BUILD: { version: string; commit: string | null } | undefined;

const BAKED = typeof CHARCOUNT_BUILD === 'undefined' ? undefined : CHARCOUNT_BUILD;

let cached: { version: string; root: string } | null | undefined;

/** The package.json of charcount-lab this code belongs to, and the folder it is in. */
function packageFile(): { version: string; root: string } | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (const root of [join(__dirname, '..'), join(__dirname, '..', '..')]) {
    try {
      const parsed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'charcount-lab' && typeof parsed.version === 'string') {
        cached = { version: parsed.version, root };
        break;
      }
    } catch {
      // Not this one.
    }
  }
  return cached;
}

/** The folder holding charcount-lab's package.json (a clone, or an installed package), or null. */
export function packageRoot(): string | null {
  return packageFile()?.root ?? null;
}

export function packageVersion(): string | null {
  return BAKED?.version ?? packageFile()?.version ?? null;
}

/** The commit this code was built from, abbreviated, or null when nothing says. */
function buildCommit(): string | null {
  if (BAKED !== undefined) return BAKED.commit;
  const root = packageFile()?.root;
  if (root === undefined) return null;
  return commitFromGit(root) ?? commitFromBuildInfo(root);
}

/** HEAD of the clone the code runs from, with "-dirty" when tracked files changed. */
export function commitFromGit(root: string): string | null {
  try {
    const run = (args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    // A package unpacked inside some other repository must not report that repository's commit.
    if (run(['rev-parse', '--show-toplevel']) !== realpathSync(root)) return null;
    const commit = run(['rev-parse', '--short=12', 'HEAD']);
    return run(['status', '--porcelain', '--untracked-files=no']) === '' ? commit : `${commit}-dirty`;
  } catch {
    return null;
  }
}

function commitFromBuildInfo(root: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(join(root, 'dist', 'build-info.json'), 'utf8')) as { commit?: unknown };
    return typeof parsed.commit === 'string' ? parsed.commit : null;
  } catch {
    return null;
  }
}

/** What `PROGRAM --version` prints: "charcount-check 0.1.0 (commit 6c91415a0b1c)". */
export function versionLine(program: string): string {
  const commit = buildCommit();
  return `${program} ${packageVersion() ?? 'unknown'}${commit === null ? '' : ` (commit ${commit})`}`;
}

/** Whether the command line asks for --version, as an option before any "--". */
export function asksForVersion(argv: readonly string[]): boolean {
  const { tokens } = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true });
  return tokens.some((token) => token.kind === 'option' && token.rawName === '--version');
}
