/**
 * What charcount-check --submission sends Docker as the build context: the folder as a tar
 * archive that the system's tar reads, with the student's own Dockerfile or a generated one
 * for server.py, a tag that follows the content, and one clear line for a folder it cannot use.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StartError } from '../../command-line/usage-error';
import { GENERATED_DOCKERFILE, readSubmission } from '../../checker/targets/submission-source';

const made: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'charcount-submission-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** `tar -tvf` of the archive: mode, owner, size and name of every entry, as GNU tar prints them. */
function listing(archive: Buffer): string[] {
  return execFileSync('tar', ['-tvf', '-', '--numeric-owner'], { input: archive, encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').replace(/ \d{4}-\d\d-\d\d \d\d:\d\d /, ' '));
}

function extract(archive: Buffer, path: string): string {
  return execFileSync('tar', ['-xOf', '-', path], { input: archive, encoding: 'utf8' });
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a submission folder as a build context', () => {
  it('packs a folder with server.py and no Dockerfile with the generated Dockerfile, files readable by everyone', async () => {
    const dir = folder({ 'server.py': 'print("hi")\n', 'lib/util.py': 'x = 1\n', 'run.sh': 'echo\n' });
    chmodSync(join(dir, 'server.py'), 0o600);
    chmodSync(join(dir, 'run.sh'), 0o700);
    symlinkSync('lib/util.py', join(dir, 'link.py'));
    const source = await readSubmission(dir);
    expect(source.kind).toBe('server.py');
    expect(listing(source.context)).toEqual([
      `-rw-r--r-- 0/0 ${GENERATED_DOCKERFILE.length} Dockerfile`,
      'drwxr-xr-x 0/0 0 lib/',
      '-rw-r--r-- 0/0 6 lib/util.py',
      'lrwxrwxrwx 0/0 0 link.py -> lib/util.py',
      '-rwxr-xr-x 0/0 5 run.sh',
      '-rw-r--r-- 0/0 12 server.py',
    ]);
    expect(extract(source.context, 'Dockerfile')).toBe(GENERATED_DOCKERFILE);
    expect(GENERATED_DOCKERFILE).toMatch(/^FROM python:3\.13-slim$/m);
    expect(GENERATED_DOCKERFILE).toMatch(/^CMD \["python3", "-u", "server.py"\]$/m);
    expect(source.tag).toMatch(/^charcount-submission:[0-9a-f]{16}$/);
  });

  it('packs a folder with a Dockerfile as it is, the Dockerfile its own', async () => {
    const dir = folder({ Dockerfile: 'FROM node:24-trixie-slim\n', 'server.py': '', 'main.js': '' });
    const source = await readSubmission(dir);
    expect(source.kind).toBe('dockerfile');
    expect(extract(source.context, 'Dockerfile')).toBe('FROM node:24-trixie-slim\n');
    expect(listing(source.context).map((line) => line.split(' ').at(-1))).toEqual(['Dockerfile', 'main.js', 'server.py']);
  });

  it('tags by content: the same for an unchanged folder (anywhere), another after an edit', async () => {
    const first = await readSubmission(folder({ 'server.py': 'a\n' }));
    const copy = await readSubmission(folder({ 'server.py': 'a\n' }));
    const edited = await readSubmission(folder({ 'server.py': 'b\n' }));
    expect(copy.tag).toBe(first.tag);
    expect(edited.tag).not.toBe(first.tag);
  });

  it('keeps a path longer than 100 bytes whole (ustar prefix field)', async () => {
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.py`;
    const source = await readSubmission(folder({ 'server.py': '', [deep]: 'deep\n' }));
    expect(extract(source.context, deep)).toBe('deep\n');
  });

  it('names what to put in a folder that has neither a Dockerfile nor a server.py', async () => {
    const dir = folder({ 'main.py': '' });
    const error = await readSubmission(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toBe(
      `${dir} has neither a Dockerfile nor a server.py: put your server in ${join(dir, 'server.py')} (it runs with python3 on python:3.13-slim), or add a Dockerfile that starts it`,
    );
  });

  it('says so in one line for a folder that does not exist', async () => {
    await expect(readSubmission('/nonexistent/alice')).rejects.toThrow(
      /^--submission \/nonexistent\/alice: no such folder; give the folder that holds your server\.py or Dockerfile$/,
    );
  });
});
