/**
 * What charcount-check --submission sends Docker as the build context: the folder as a tar
 * archive that the system's tar reads, with the student's own Dockerfile or a generated one
 * for server.py, a tag that follows the content, and one clear line for a folder it cannot use.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
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

/** A file of `bytes` zeros that takes no disk space. */
function sparseFile(path: string, bytes: number): void {
  writeFileSync(path, '');
  truncateSync(path, bytes);
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
    expect(source.kind).toBe('generated');
    expect(source.entry).toEqual({ file: 'server.py', kind: 'python', because: { rule: 'server.py' } });
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

  it('names what to put in a folder where no file starts a TCP server, in the language asked for', async () => {
    const dir = folder({ 'main.py': 'print(1)\n', 'client.py': 's.bind(("", 1)); s.listen()\n' });
    const error = await readSubmission(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toBe(
      `${dir}: no file of the submission starts a TCP server: put the server in server.py (it runs with python3), or any .py file that calls bind() and listen() (client.py is named like a client, so it never counts as the server); it holds client.py, main.py`,
    );
    await expect(readSubmission(dir, 'id')).rejects.toThrow(/^.*: tidak ada berkas kiriman yang menjalankan server TCP: letakkan server di server\.py/);
  });

  it('runs the one file that starts a TCP server, from the folder it was packed in, with a generated Dockerfile', async () => {
    const dir = folder({ 'tugas1/Tugas1_Server.py': '\uFEFFimport socket\r\ns.bind(("", 12345))\r\ns.listen()\r\n', 'tugas1/client.py': 's.connect(("x", 1))\n' });
    const source = await readSubmission(dir);
    expect(source.entry).toEqual({ file: 'tugas1/Tugas1_Server.py', kind: 'python', because: { rule: 'only-server', notebook: false } });
    expect(listing(source.context).map((line) => line.split(' ').at(-1))).toEqual(['Dockerfile', 'Tugas1_Server.py', 'client.py']);
    expect(extract(source.context, 'Dockerfile')).toMatch(/^CMD \["python3", "-u", "Tugas1_Server.py"\]$/m);
    expect(source.description).toBe(`${join(dir, 'tugas1/Tugas1_Server.py')} on python:3.13-slim (no Dockerfile)`);
  });

  it('runs a notebook\'s code cells as a script beside it, and a Node server on node:24-trixie-slim', async () => {
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: ['!pip install x\n', 'import socket\n', 's.bind(("", 12345)); s.listen()\n'] }] });
    const fromNotebook = await readSubmission(folder({ 'tugas1.ipynb': notebook }));
    expect(extract(fromNotebook.context, 'tugas1.ipynb.py')).toBe('# cell 1\npass  # !pip install x\nimport socket\ns.bind(("", 12345)); s.listen()\n\n');
    expect(extract(fromNotebook.context, 'Dockerfile')).toMatch(/^CMD \["python3", "-u", "tugas1.ipynb.py"\]$/m);
    const node = await readSubmission(folder({ 'app.js': "const net = require('net'); net.createServer(() => {}).listen(12345);\n" }));
    expect(extract(node.context, 'Dockerfile')).toMatch(/^FROM node:24-trixie-slim$/m);
    expect(extract(node.context, 'Dockerfile')).toMatch(/^CMD \["node", "app.js"\]$/m);
  });

  it('says a Java server needs a Dockerfile, and honours the submission\'s .dockerignore in the context and the tag', async () => {
    const java = folder({ 'Server.java': 'ServerSocket s = new ServerSocket(12345);\n' });
    await expect(readSubmission(java)).rejects.toThrow(/Server\.java starts a TCP server, but Java must be compiled first: add a Dockerfile that compiles and starts it/);
    const ignoring = await readSubmission(folder({ 'server.py': 'a\n', '.dockerignore': 'venv\n*.log\n', 'venv/lib.py': 'x\n', 'run.log': 'x\n' }));
    expect(listing(ignoring.context).map((line) => line.split(' ').at(-1))).toEqual(['.dockerignore', 'Dockerfile', 'server.py']);
    const same = await readSubmission(folder({ 'server.py': 'a\n', '.dockerignore': 'venv\n*.log\n', 'venv/other.py': 'y\n' }));
    expect(same.tag).toBe(ignoring.tag);
  });

  it('leaves out what the .dockerignore names before the size limit counts it (a 65 MiB data file, node_modules/), even in a lone folder the student packed, keeping what a ! rule re-includes', async () => {
    const dir = folder({ 'alice/server.js': 'require("net").createServer().listen(12345);\n', 'alice/.dockerignore': 'node_modules\n*.bin\n!keep.bin\n', 'alice/keep.bin': 'kept\n' });
    mkdirSync(join(dir, 'alice', 'node_modules'));
    for (let n = 0; n < 100; n++) writeFileSync(join(dir, 'alice', 'node_modules', `m${n}.js`), '');
    sparseFile(join(dir, 'alice', 'data.bin'), 65 * 1024 * 1024);
    const source = await readSubmission(dir);
    expect(listing(source.context).map((line) => line.split(' ').at(-1))).toEqual(['.dockerignore', 'Dockerfile', 'keep.bin', 'server.js']);
    expect(source.entry.file).toBe('alice/server.js');
  });

  it('still refuses a folder over the size limit when nothing ignores the excess, naming what to remove', async () => {
    const dir = folder({ 'server.py': 'a\n' });
    sparseFile(join(dir, 'data.bin'), 65 * 1024 * 1024);
    await expect(readSubmission(dir)).rejects.toThrow(/holds more than 64 MiB or 10000 files: a submission is source code; remove virtual environments \(\.venv\)/);
  });

  it('unpacks an archive in the folder as the grader does, and runs the server inside it', async () => {
    const inner = folder({ 'server.py': 'import socket\ns = socket.socket()\ns.bind(("", 12345))\ns.listen()\n', 'client.py': 'import socket\nsocket.create_connection(("localhost", 12345))\n' });
    const dir = folder({});
    await createTar({ file: join(dir, 'tugas1.tgz'), cwd: inner, gzip: true, portable: true }, ['server.py', 'client.py']);
    const source = await readSubmission(dir);
    expect(source.entry.file).toBe('tugas1/server.py');
    expect(listing(source.context).map((line) => line.split(' ').at(-1))).toEqual(['Dockerfile', 'client.py', 'server.py']);
  });

  it('says so in one line for a folder that does not exist', async () => {
    await expect(readSubmission('/nonexistent/alice')).rejects.toThrow(
      /^--submission \/nonexistent\/alice: no such folder; give the folder that holds your server\.py or Dockerfile$/,
    );
    await expect(readSubmission('/nonexistent/alice', 'id')).rejects.toThrow(
      /^--submission \/nonexistent\/alice: folder itu tidak ada; berikan folder yang berisi server\.py atau Dockerfile Anda$/,
    );
  });
});
