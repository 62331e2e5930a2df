/**
 * intake's rules for which file of a submission starts its server, on the file lists students
 * really hand in: any name and case, a client beside the server, two servers, a notebook, a
 * Dockerfile or start.sh, and a submission packed inside a folder.
 */
import { describe, expect, it } from 'vitest';
import { chooseEntry, type SubmissionFile } from '../../intake/entry-rules';
import { entryProblem, entryReason } from '../../intake/entry-texts';
import { notebookScript } from '../../intake/notebook';
import { startsTcpServer } from '../../intake/server-signals';

const SERVER = 'import socket\ns = socket.socket()\ns.bind(("", 12345))\ns.listen(1)\nconn, _ = s.accept()\n';
const CLIENT = 'import socket\ns = socket.socket()\ns.connect(("127.0.0.1", 12345))\n';

function files(tree: Record<string, string>): SubmissionFile[] {
  return Object.entries(tree).map(([path, text]) => ({ path, text }));
}

describe('chooseEntry', () => {
  it.each([
    ['Server.py', { 'Server.py': SERVER }],
    ['tugas1_server.py', { 'tugas1_server.py': SERVER, 'README.md': 'x' }],
    ['soal1.py', { 'soal1.py': SERVER, 'catatan.txt': 'x' }],
    ['server_socket.py', { 'server_socket.py': SERVER, 'client.py': CLIENT }],
    ['lib/main.py', { 'lib/main.py': SERVER, 'client_socket.py': SERVER }],
  ])('finds %s, the one file that starts a TCP server', (expected, tree) => {
    const decision = chooseEntry(files(tree));
    expect(decision).toMatchObject({ ok: true, kind: 'python', file: expected });
  });

  it('lets a Dockerfile, then start.sh, then charcount-entry.txt, then server.py decide before any detection', () => {
    expect(chooseEntry(files({ Dockerfile: 'FROM x', 'start.sh': 'x', 'server.py': SERVER }))).toMatchObject({ kind: 'dockerfile', because: { rule: 'dockerfile' } });
    expect(chooseEntry(files({ 'start.sh': 'exec java Server', 'server.py': SERVER }))).toMatchObject({ kind: 'start.sh', file: 'start.sh' });
    expect(chooseEntry(files({ 'charcount-entry.txt': '\uFEFFsoal2.py\r\n', 'soal1.py': SERVER, 'soal2.py': SERVER }))).toMatchObject({ file: 'soal2.py', because: { rule: 'entry-file' } });
    expect(chooseEntry(files({ 'server.py': 'print(1)', 'other.py': SERVER }))).toMatchObject({ file: 'server.py', because: { rule: 'server.py' } });
  });

  it('reads a submission packed inside lone folders from there, and ignores __MACOSX and hidden folders', () => {
    const decision = chooseEntry(files({ 'tugas1/tugas1/server.py': SERVER, '__MACOSX/tugas1/._server.py': SERVER, '.ipynb_checkpoints/x.py': SERVER }));
    expect(decision).toMatchObject({ ok: true, root: 'tugas1/tugas1', file: 'server.py' });
  });

  it('prefers the server named "server" of several, and names both when none is', () => {
    expect(chooseEntry(files({ 'soal1.py': SERVER, 'my_server.py': `${SERVER}print(2)\n` }))).toMatchObject({ file: 'my_server.py', because: { rule: 'named-server', others: ['soal1.py'] } });
    const two = chooseEntry(files({ 'soal1.py': SERVER, 'soal2.py': `${SERVER}print(2)\n` }));
    expect(two).toMatchObject({ ok: false, problem: 'ambiguous', candidates: ['soal1.py', 'soal2.py'] });
    if (two.ok) throw new Error('unreachable');
    expect(entryProblem(two, 'en')).toBe(
      'more than one file starts a TCP server (soal1.py, soal2.py) and none is clearly the one: name the file to run in charcount-entry.txt, or the instructor chooses with --entry',
    );
  });

  it('takes the same server twice (a file and its copy from an unpacked archive) as one, the shallowest', () => {
    expect(chooseEntry(files({ 'soal1.py': SERVER, 'tugas1/soal1.py': SERVER }))).toMatchObject({ ok: true, file: 'soal1.py', because: { rule: 'only-server' } });
  });

  it('runs a notebook only when no script of the same name is there', () => {
    expect(chooseEntry(files({ 'tugas1.ipynb': SERVER }))).toMatchObject({ file: 'tugas1.ipynb', because: { rule: 'only-server', notebook: true } });
    expect(chooseEntry(files({ 'tugas1.ipynb': SERVER, 'tugas1.py': SERVER }))).toMatchObject({ file: 'tugas1.py' });
  });

  it('finds Node, Java and C servers, and says why in both languages', () => {
    expect(chooseEntry(files({ 'index.js': "const net = require('node:net');\nnet.createServer(s => s).listen(12345);\n" }))).toMatchObject({ kind: 'node' });
    expect(chooseEntry(files({ 'Main.java': 'var s = new ServerSocket(12345);' }))).toMatchObject({ kind: 'java' });
    const c = chooseEntry(files({ 'tcp.c': 'bind(fd, (struct sockaddr*)&a, sizeof a);\nlisten(fd, 5);\n' }));
    expect(c).toMatchObject({ kind: 'c', file: 'tcp.c' });
    if (!c.ok) throw new Error('unreachable');
    expect(entryReason(c.because, 'en')).toBe('it is the only file that starts a TCP server (bind and listen)');
    expect(entryReason(c.because, 'id')).toBe('hanya berkas ini yang menjalankan server TCP (bind dan listen)');
  });

  it('finds no server in a client alone or in commented-out code, and lists what the submission holds', () => {
    const decision = chooseEntry(files({ 'client.py': SERVER, 'old.py': '# s.bind(("", 1))\n# s.listen()\n', 'tugas.zip': '' }));
    expect(decision).toMatchObject({ ok: false, problem: 'none', held: ['client.py', 'old.py', 'tugas.zip'], clients: ['client.py'] });
  });
});

describe('startsTcpServer', () => {
  it('knows the Python ways to start a server', () => {
    expect(startsTcpServer('python', 'with socketserver.TCPServer(("", 12345), H) as s: s.serve_forever()')).toBe(true);
    expect(startsTcpServer('python', 'asyncio.run(asyncio.start_server(handle, "", 12345))')).toBe(true);
    expect(startsTcpServer('python', CLIENT)).toBe(false);
  });
});

describe('notebookScript', () => {
  it('joins the code cells, leaves out markdown and cell magics, and keeps shell and line magics as pass', () => {
    const notebook = {
      cells: [
        { cell_type: 'markdown', source: ['# Tugas 1'] },
        { cell_type: 'code', source: '%%time\nx = 1' },
        { cell_type: 'code', source: ['import socket\n', 'if True:\n', '    %matplotlib inline\n', '    s = 1'] },
      ],
    };
    expect(notebookScript(JSON.stringify(notebook))).toEqual({ ok: true, script: '# cell 3\nimport socket\nif True:\n    pass  # %matplotlib inline\n    s = 1\n' });
    expect(notebookScript('{"cells": 3}')).toEqual({ ok: false, why: 'it has no cells' });
    expect(notebookScript('not json')).toEqual({ ok: false, why: 'it is not valid JSON' });
  });
});
