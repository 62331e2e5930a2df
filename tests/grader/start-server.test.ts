/**
 * platforms/start-server.sh, as every platform ships it: beside charcount-intake.cjs and
 * 7zz.wasm (npm run package:checker, built once here) in a folder of its own, as in the
 * Gradescope zip and the starting repository's .charcount-lab. The same choice of file as
 * charcount-check --submission and charcount-grade (intake's) on the layouts students hand in,
 * and one line saying what to do when there is nothing to run. Also from a built clone
 * (dist/intake/main.js, npm run build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleIntake } from '../../packaging/bundle-intake';
import { ROOT } from '../support/paths';
import { sevenZipFolder } from './support/seven-zip';
import { zipFolder } from './support/zip-folder';

const SCRIPT = join(ROOT, 'platforms', 'start-server.sh');
/** A "server" that says where it runs and ends at once: intake picks it for its bind and listen. */
const SAYS_WHERE = 'import os, socket, sys\nprint("running", os.path.basename(__file__), "in", os.path.basename(os.getcwd()))\nsys.exit(0)\ns = socket.socket()\ns.bind(("", 0))\ns.listen()\n';
const CLIENT = 'import socket\nc = socket.socket()\nc.connect(("localhost", 12345))\nprint("client")\n';

/** The handout folder: start-server.sh beside the bundle, nothing else of the kit. */
let handout = '';
beforeAll(async () => {
  handout = mkdtempSync(join(tmpdir(), 'charcount-handout-'));
  await bundleIntake(join(handout, 'charcount-intake.cjs'));
  copyFileSync(SCRIPT, join(handout, 'start-server.sh'));
}, 120_000);
afterAll(() => rmSync(handout, { recursive: true, force: true }));

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'charcount-start-server-'));
  scratch.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function start(script: string, dir: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const done = spawnSync('sh', [script, dir], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...env } });
  return { code: done.status, stdout: done.stdout, stderr: done.stderr };
}

const bundled = (dir: string, env: Record<string, string> = {}) => start(join(handout, 'start-server.sh'), dir, env);

describe('platforms/start-server.sh beside the intake bundle', () => {
  it('runs Server.py, whatever the case of its name', () => {
    expect(bundled(folder({ 'Server.py': SAYS_WHERE }))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^running Server\.py in /) });
  });

  it('runs tugas1_server.py and not the client.py beside it, in its own folder', () => {
    expect(bundled(folder({ 'tugas1/tugas1_server.py': SAYS_WHERE, 'tugas1/client.py': CLIENT }))).toMatchObject({ code: 0, stdout: 'running tugas1_server.py in tugas1\n' });
  });

  it("runs a notebook's code cells", () => {
    const notebook = { cells: [{ cell_type: 'markdown', source: ['# Tugas 1'] }, { cell_type: 'code', source: SAYS_WHERE.split(/(?<=\n)/) }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    expect(bundled(folder({ 'tugas1.ipynb': JSON.stringify(notebook) }))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^running tugas1\.ipynb\.py in /) });
  });

  it('runs the server inside a zip the student made, and inside a 7z (7zz.wasm beside the bundle)', async () => {
    const packed = folder({ 'tugas1/Server_TCP.py': SAYS_WHERE, 'tugas1/client.py': CLIENT });
    const zipped = folder({});
    await zipFolder(packed, join(zipped, 'tugas1.zip'));
    expect(bundled(zipped)).toMatchObject({ code: 0, stdout: 'running Server_TCP.py in tugas1\n' });
    const sevened = folder({});
    await sevenZipFolder(packed, join(sevened, 'kiriman.7z'));
    expect(bundled(sevened)).toMatchObject({ code: 0, stdout: 'running Server_TCP.py in tugas1\n' });
  });

  it('runs start.sh first, as the platforms always have', () => {
    expect(bundled(folder({ 'start.sh': 'echo from start.sh\n', 'server.py': SAYS_WHERE }))).toMatchObject({ code: 0, stdout: 'from start.sh\n' });
  });

  it("says what to do in one line, in the student's language, and exits 1 when nothing starts a server", () => {
    const english = bundled(folder({ 'main.py': 'print(1)\n' }));
    expect(english).toMatchObject({ code: 1, stdout: '' });
    expect(english.stderr).toMatch(/^no file of the submission starts a TCP server: put the server in server\.py .*; it holds main\.py\n$/);
    expect(bundled(folder({ 'main.py': 'print(1)\n' }), { LANG: 'id_ID.UTF-8' }).stderr).toMatch(/^tidak ada berkas kiriman yang menjalankan server TCP/);
  });

  it('asks for a start.sh for a Java server, in the student\'s language', () => {
    const java = { 'tugas1/Server.java': 'import java.net.*;\nclass Server { public static void main(String[] a) throws Exception { new ServerSocket(12345).accept(); } }\n' };
    expect(bundled(folder(java))).toMatchObject({ code: 1, stderr: 'tugas1/Server.java: Java: add a start.sh that compiles and starts it\n' });
    expect(bundled(folder(java), { LANG: 'id_ID.UTF-8' })).toMatchObject({ code: 1, stderr: 'tugas1/Server.java: Java: tambahkan start.sh yang mengompilasi lalu menjalankannya\n' });
  });

  it('names an archive it could not open when nothing else runs', () => {
    expect(bundled(folder({ 'tugas1.zip': 'not a zip' }))).toMatchObject({ code: 1, stderr: expect.stringMatching(/^cannot read tugas1\.zip as a zip .*; no file of the submission starts a TCP server/) });
  });

  it('says in one line what to copy when the bundle is not beside it, and runs nothing', () => {
    const alone = folder({});
    copyFileSync(SCRIPT, join(alone, 'start-server.sh'));
    const result = start(join(alone, 'start-server.sh'), folder({ 'server.py': SAYS_WHERE }));
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^charcount-intake\.cjs is not beside .*start-server\.sh: copy dist\/charcount-intake\.cjs and dist\/7zz\.wasm \(npm run package:checker\) into that folder\n$/);
  });
});

describe('platforms/start-server.sh leaves nothing in the temporary folder', () => {
  /** A server that listens, says so, and runs until it is stopped. */
  const RUNS = 'import socket, time\ns = socket.socket()\ns.bind(("127.0.0.1", 0))\ns.listen()\nprint("listening", flush=True)\ntime.sleep(120)\n';
  const notebookOf = (source: string): string =>
    JSON.stringify({ cells: [{ cell_type: 'code', source: source.split(/(?<=\n)/) }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
  let temporary = '';
  beforeEach(() => {
    temporary = folder({});
  });

  /** Started as the checker starts a program: leading a process group of its own, stopped by signalling that group. */
  function startServer(dir: string): { ready: Promise<void>; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stop(signal: NodeJS.Signals): void } {
    const child = spawn('sh', [join(handout, 'start-server.sh'), dir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, LANG: 'C.UTF-8', TMPDIR: temporary } });
    const ready = new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', (text: string) => text.includes('listening') && resolve()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    return { ready, ended, stop: (signal) => process.kill(-child.pid!, signal) };
  }

  async function zipped(files: Record<string, string>): Promise<string> {
    const dir = folder({});
    await zipFolder(folder(files), join(dir, 'tugas1.zip'));
    return dir;
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('removes the unpacked copy of a zip once %s has stopped the server, and ends as the server ended', async (signal) => {
    const server = startServer(await zipped({ 'tugas1/server.py': RUNS }));
    await server.ready;
    expect(readdirSync(temporary)).toHaveLength(1);
    server.stop(signal);
    expect(await server.ended).toEqual({ code: null, signal });
    expect(readdirSync(temporary)).toEqual([]);
  });

  it("removes a notebook's script when the server ends by itself, with the server's exit code", async () => {
    const server = startServer(folder({ 'tugas1.ipynb': notebookOf('import sys\nprint("listening", flush=True)\nsys.exit(3)\ns.bind(("", 0))\ns.listen()\n') }));
    expect(await server.ended).toEqual({ code: 3, signal: null });
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('makes no copy, or removes it, when nothing in an archive starts a server', async () => {
    const dir = await zipped({ 'tugas1/main.py': 'print(1)\n' });
    expect(spawnSync('sh', [join(handout, 'start-server.sh'), dir], { env: { PATH: process.env.PATH, LANG: 'C.UTF-8', TMPDIR: temporary } }).status).toBe(1);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('removes the copy of a server killed outright (SIGKILL: no shell left to remove it) at the next start', async () => {
    const killed = startServer(await zipped({ 'tugas1/server.py': RUNS }));
    await killed.ready;
    killed.stop('SIGKILL');
    expect(await killed.ended).toEqual({ code: null, signal: 'SIGKILL' });
    const [left] = readdirSync(temporary);
    expect(left).toMatch(/^charcount-intake-\d+-/);
    const next = startServer(await zipped({ 'tugas1/server.py': RUNS }));
    await next.ready;
    expect(readdirSync(temporary)).not.toContain(left);
    next.stop('SIGTERM');
    await next.ended;
    expect(readdirSync(temporary)).toEqual([]);
  });
});

describe('platforms/start-server.sh in a built clone', () => {
  it('asks the build (dist/intake/main.js) for the same choice', () => {
    expect(start(SCRIPT, folder({ 'tugas1/Tugas1_Server.py': SAYS_WHERE, 'tugas1/client.py': CLIENT }))).toMatchObject({ code: 0, stdout: 'running Tugas1_Server.py in tugas1\n' });
  });
});
