/**
 * platforms/start-server.sh, as every platform runs it: the same choice of file as
 * charcount-check --submission and charcount-grade (intake's), and one line saying what to do
 * when there is nothing to run. Needs dist/ (npm run build).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';

const SCRIPT = join(ROOT, 'platforms', 'start-server.sh');
/** A "server" that says where it runs and ends at once: intake picks it for its bind and listen. */
const SAYS_WHERE = 'import os, socket, sys\nprint("running", os.path.basename(__file__), "in", os.path.basename(os.getcwd()))\nsys.exit(0)\ns = socket.socket()\ns.bind(("", 0))\ns.listen()\n';

let scratch: string;
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function submission(files: Record<string, string>): string {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-start-server-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(scratch, path, '..'), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  return scratch;
}

function start(dir: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const done = spawnSync('sh', [SCRIPT, dir], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...env } });
  return { code: done.status, stdout: done.stdout, stderr: done.stderr };
}

describe('platforms/start-server.sh', () => {
  it('runs the one file that starts a TCP server, in its own folder, whatever its name', () => {
    expect(start(submission({ 'tugas1/Tugas1_Server.py': SAYS_WHERE, 'tugas1/client.py': 'print("client")\n' }))).toMatchObject({ code: 0, stdout: 'running Tugas1_Server.py in tugas1\n' });
  });

  it('runs start.sh first, as the platforms always have', () => {
    expect(start(submission({ 'start.sh': 'echo from start.sh\n', 'server.py': SAYS_WHERE }))).toMatchObject({ code: 0, stdout: 'from start.sh\n' });
  });

  it('says what to do in one line, in the student\'s language, and exits 1 when nothing starts a server', () => {
    const english = start(submission({ 'main.py': 'print(1)\n' }));
    expect(english).toMatchObject({ code: 1, stdout: '' });
    expect(english.stderr).toMatch(/^no file of the submission starts a TCP server: put the server in server\.py .*; it holds main\.py\n$/);
    rmSync(scratch, { recursive: true, force: true });
    expect(start(submission({ 'main.py': 'print(1)\n' }), { LANG: 'id_ID.UTF-8' }).stderr).toMatch(/^tidak ada berkas kiriman yang menjalankan server TCP/);
  });
});
