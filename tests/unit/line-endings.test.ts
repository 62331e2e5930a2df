/**
 * A Windows-style clone of the committed repository (`git -c core.autocrlf=true clone`) checks
 * out every text file with LF line endings, byte for byte as committed, because .gitattributes
 * says so. Without it such a clone had CRLF in 376 of 377 files: bash stopped at .ci/run's
 * `set -euo pipefail` ("set: pipefail: invalid option name"), every lab-script message gained
 * a CR, and notes:check compared pages full of CRs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';


interface TrackedFile {
  path: string;
  /** What Git makes of the committed content: `lf`, `crlf`, `mixed`, `none`, or `-text` (binary). */
  index: string;
  /** The attributes that decide its line endings, e.g. `text=auto eol=lf` or `-text` (binary). */
  attributes: string;
}

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Every file `git ls-files` lists in `repository`, with `--eol`'s view of it. */
function trackedFiles(repository: string): TrackedFile[] {
  return git(repository, ['ls-files', '--eol', '-z'])
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [info, path] = entry.split('\t') as [string, string];
      const [index, , ...attributes] = info.trim().split(/\s+/);
      return { path, index: index!.replace(/^i\//, ''), attributes: attributes.join(' ').replace(/^attr\//, '') };
    });
}

/** Text is what Git does not take for binary by content, and what no attribute marks binary. */
function isText(file: TrackedFile): boolean {
  return file.index !== '-text' && !file.attributes.split(' ').includes('-text');
}

describe('a Windows-style clone (core.autocrlf=true)', () => {
  let scratch: string;
  let clone: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'charcount-line-endings-'));
    clone = join(scratch, 'clone');
    // --no-local: a real clone through Git's transport, as from a server, not a copy of .git.
    git(ROOT, ['-c', 'core.autocrlf=true', 'clone', '--no-local', '--quiet', ROOT, clone]);
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('checks out scripts, Dockerfiles, compose files, lab scripts and notes as text', () => {
    const text = trackedFiles(clone).filter(isText).map((file) => file.path);
    expect(text).toEqual(
      expect.arrayContaining(['.ci/run', 'Dockerfile', 'docker-compose.yml', 'platforms/start-server.sh', 'lab-notes/scripts/lab-session.txt', 'lab-notes/classic/classic_server.py', 'starter/python/server.py', 'lab-notes/protocol.md']),
    );
  });

  it('has no CRLF line ending in any text file', () => {
    const withCrlf = trackedFiles(clone)
      .filter(isText)
      .filter((file) => readFileSync(join(clone, file.path)).includes('\r\n'))
      .map((file) => file.path);
    expect(withCrlf, 'files checked out with CRLF: give them `text eol=lf` in .gitattributes').toEqual([]);
  });

  it('has every file byte for byte as committed, so the tests and notes:check read what CI reads', () => {
    const committed = git(clone, ['ls-files', '--stage', '-z'])
      .split('\0')
      .filter((entry) => entry !== '')
      .map((entry) => {
        const [info, path] = entry.split('\t') as [string, string];
        return { path, blob: info.split(' ')[1]! };
      });
    // --no-filters hashes the bytes on disk, not what Git would commit after converting them.
    const onDisk = git(clone, ['hash-object', '--no-filters', '--stdin-paths'], committed.map((file) => file.path).join('\n') + '\n').trim().split('\n');
    const changed = committed.filter((file, i) => onDisk[i] !== file.blob).map((file) => file.path);
    expect(changed, 'files whose checkout differs from the committed bytes').toEqual([]);
  });
});
