/**
 * A class as Moodle's "Download all submissions" gives it, with every way a real class hands
 * its server in: folders `Full Name_ID_assignsubmission_file_`, a server.py with CRLF line ends
 * and a byte order mark, Server.py, tugas1_server.py beside a client.py, a zip inside a zip, a
 * tar.gz, a notebook, two servers with no clear winner, a file in Moodle's flat layout, an
 * empty folder, and a server that crashes as it starts. The worksheets beside it
 * (tests/grader/classes/moodle) also list a participant who handed nothing in.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { ROOT } from '../../support/paths';
import { zipFolder } from './zip-folder';

export const MOODLE_FIXTURES = join(ROOT, 'tests', 'grader', 'classes', 'moodle');
const SERVER = readFileSync(join(ROOT, 'tests', 'checker', 'servers', 'correct-asyncio.py'), 'utf8');
const CLIENT = 'import socket\nwith socket.create_connection(("localhost", 12345)) as s:\n    s.sendall(input().encode())\n    print(s.recv(1024).decode())\n';
const CRASHES = 'import socket\ns = socket.socket()\ns.bind(("", 12345 + PORT_OFFSET))\ns.listen()\n';

const folder = (name: string, id: number): string => `${name}_${id}_assignsubmission_file_`;
/** Each student's server is their own (a comment), as real ones are: no two images alike. */
const serverOf = (id: number): string => `${SERVER}\n# ${id}\n`;

/** Participant id -> what the grade must be: 'graded' with full marks, 'zero', 'error' or 'missing'. */
export const EXPECTED: Record<string, { status: 'graded' | 'error' | 'missing'; full?: boolean; file?: string }> = {
  '100001': { status: 'graded', full: true, file: 'server.py' },
  '100002': { status: 'graded', full: true, file: 'Server.py' },
  '100003': { status: 'graded', full: true, file: 'tugas1_server.py' },
  '100004': { status: 'graded', full: true, file: 'tugas1/kiriman/soal1.py' },
  '100005': { status: 'graded', full: true, file: 'tugas/server_socket.py' },
  '100006': { status: 'graded', full: true, file: 'tugas1.ipynb' },
  '100007': { status: 'error' },
  '100008': { status: 'graded', full: true, file: 'server_socket.py' },
  '100009': { status: 'missing' },
  '100010': { status: 'graded', full: false, file: 'server.py' },
};

export async function buildMoodleClass(dir: string): Promise<void> {
  const put = (path: string, text: string | Buffer): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  put(`${folder('Budi Santoso', 100001)}/server.py`, `\uFEFF${serverOf(100001).replace(/\n/g, '\r\n')}`);
  put(`${folder('Siti Aminah', 100002)}/Server.py`, serverOf(100002));
  put(`${folder('Andi Wijaya', 100003)}/tugas1_server.py`, serverOf(100003));
  put(`${folder('Andi Wijaya', 100003)}/client.py`, CLIENT);

  const work = mkdtempSync(join(tmpdir(), 'charcount-moodle-class-'));
  try {
    // A zip in a zip: tugas1.zip holds kiriman.zip, which holds soal1.py.
    mkdirSync(join(work, 'inner'), { recursive: true });
    writeFileSync(join(work, 'inner', 'soal1.py'), serverOf(100004));
    mkdirSync(join(work, 'outer'), { recursive: true });
    await zipFolder(join(work, 'inner'), join(work, 'outer', 'kiriman.zip'));
    mkdirSync(join(dir, folder('Dewi Lestari', 100004)), { recursive: true });
    await zipFolder(join(work, 'outer'), join(dir, folder('Dewi Lestari', 100004), 'tugas1.zip'));
    // A tar.gz of a folder with a client beside the server.
    mkdirSync(join(work, 'tar'), { recursive: true });
    writeFileSync(join(work, 'tar', 'server_socket.py'), serverOf(100005));
    writeFileSync(join(work, 'tar', 'client.py'), CLIENT);
    mkdirSync(join(dir, folder('Rina Kusuma', 100005)), { recursive: true });
    await createTar({ gzip: true, file: join(dir, folder('Rina Kusuma', 100005), 'tugas.tar.gz'), cwd: join(work, 'tar'), portable: true }, ['server_socket.py', 'client.py']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const notebook = {
    cells: [
      { cell_type: 'markdown', source: ['# Tugas 1: server penghitung karakter'] },
      { cell_type: 'code', source: ['!pip install --quiet nothing-needed\n', '%load_ext autoreload'] },
      { cell_type: 'code', source: serverOf(100006).split(/(?<=\n)/) },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  put(`${folder('Agus Salim', 100006)}/tugas1.ipynb`, JSON.stringify(notebook, null, 1));
  put(`${folder('Fajar Nugroho', 100007)}/soal1.py`, serverOf(100007));
  put(`${folder('Fajar Nugroho', 100007)}/soal2.py`, `${serverOf(100007)}# soal 2\n`);
  put(`${folder('Putri Ayu', 100008)}server_socket.py`, serverOf(100008));
  mkdirSync(join(dir, folder('Joko Susilo', 100009)), { recursive: true });
  put(`${folder('Maya Sari', 100010)}/server.py`, CRASHES);
}
