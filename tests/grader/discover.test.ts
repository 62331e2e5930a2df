/**
 * Finding the submissions in a class folder or zip, as an instructor's download holds them:
 * one folder per student, perhaps all inside one top folder, perhaps with the server one
 * folder down; what cannot be graded gets a reason that says what to put there. A folder and
 * a zip of it give the same submissions, with the same content hashes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSubmission } from '../../checker/targets/submission-source';
import { openClass } from '../../grader/class-source';
import { discoverClass } from '../../grader/discover';
import { rawZip } from './support/raw-zip';
import { zipFolder } from './support/zip-folder';
import { sevenZipFolder } from './support/seven-zip';

const SERVER = 'import socket\ns = socket.socket()\ns.bind(("", 12345))\ns.listen()\n';

let scratch: string;
function file(path: string, text = 'x\n'): void {
  mkdirSync(join(scratch, path, '..'), { recursive: true });
  writeFileSync(join(scratch, path), text);
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-discover-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('discoverClass', () => {
  it('takes each folder as a submission named after it, in name order, and warns about loose files', async () => {
    file('class/carol/Dockerfile');
    file('class/alice/server.py');
    file('class/bob/server.py');
    file('class/notes.txt');
    const { submissions, warnings } = await discoverClass(join(scratch, 'class'));
    expect(submissions.map((submission) => [submission.name, submission.problem])).toEqual([
      ['alice', null],
      ['bob', null],
      ['carol', null],
    ]);
    expect(submissions[0]!.source.folder).toBe(join(scratch, 'class', 'alice'));
    expect(warnings).toEqual(["left out 1 file(s) beside the student folders (notes.txt): each submission must be a folder, or every file carry Moodle's prefix"]);
  });

  it('reads a class through the one top folder it was zipped in, ignoring __MACOSX and hidden files', async () => {
    file('download/class/alice/server.py');
    file('download/class/bob/server.py');
    file('download/__MACOSX/class/alice/._server.py');
    file('download/.DS_Store');
    const { submissions } = await discoverClass(join(scratch, 'download'));
    expect(submissions.map((submission) => [submission.name, submission.path])).toEqual([
      ['alice', 'class/alice'],
      ['bob', 'class/bob'],
    ]);
  });

  it('takes a lone folder that holds a server as a class of one, not as a top folder', async () => {
    file('class/alice/server.py');
    const { submissions } = await discoverClass(join(scratch, 'class'));
    expect(submissions.map((submission) => submission.name)).toEqual(['alice']);
  });

  it('reads the student and participant id from Moodle folders, and groups Moodle\'s flat layout by its prefix', async () => {
    file('class/Budi Santoso_123456_assignsubmission_file_/server.py');
    file('class/Siti Aminah_234567_assignsubmission_file_Server.py');
    file('class/Siti Aminah_234567_assignsubmission_file_client.py');
    const { submissions, warnings } = await discoverClass(join(scratch, 'class'));
    expect(warnings).toEqual([]);
    expect(submissions.map((submission) => [submission.name, submission.student, submission.source.files.map((entry) => entry.name)])).toEqual([
      ['Budi Santoso_123456_assignsubmission_file_', { name: 'Budi Santoso', id: '123456' }, []],
      ['Siti Aminah_234567_assignsubmission_file_', { name: 'Siti Aminah', id: '234567' }, ['Server.py', 'client.py']],
    ]);
  });

  it('takes one file per student as a submission each, the student number and name from the file name', async () => {
    file('flat/2106012345_Budi_Santoso.py');
    file('flat/Siti Aminah_2106054321.ipynb');
    const { submissions } = await discoverClass(join(scratch, 'flat'));
    expect(submissions.map((submission) => [submission.name, submission.student])).toEqual([
      ['2106012345_Budi_Santoso.py', { name: 'Budi Santoso', id: '2106012345' }],
      ['Siti Aminah_2106054321.ipynb', { name: 'Siti Aminah', id: '2106054321' }],
    ]);
  });

  it('does not follow a student folder that is a symbolic link', async () => {
    file('elsewhere/server.py');
    mkdirSync(join(scratch, 'class'));
    file('class/alice/server.py');
    symlinkSync(join(scratch, 'elsewhere'), join(scratch, 'class', 'mallory'));
    const mallory = (await discoverClass(join(scratch, 'class'))).submissions.find((submission) => submission.name === 'mallory');
    expect(mallory).toMatchObject({ dir: null, problem: 'mallory is a symbolic link, not a folder: put the submission\'s files in a real folder' });
  });
});

describe('openClass', () => {
  // The staged copies go to a temporary folder of this test's own (os.tmpdir() reads TMPDIR),
  // so what a test leaves there is its own, and each must leave nothing.
  let temporary: string;
  beforeEach(() => {
    temporary = join(scratch, 'tmp');
    mkdirSync(temporary);
    vi.stubEnv('TMPDIR', temporary);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('gives a zip of a class the same submissions and the same content hashes as the folder', async () => {
    file('class/alice/server.py', 'print("alice")\n');
    file('class/alice/lib/helper.py', 'X = 1\n');
    file('class/bob/Dockerfile', 'FROM python:3.13-slim\n');
    file('class/carol/notes.txt');
    const zip = join(scratch, 'class.zip');
    await zipFolder(join(scratch, 'class'), zip, { top: 'class', macLitter: true });
    const folder = await openClass(join(scratch, 'class'));
    const zipped = await openClass(zip);
    try {
      expect(zipped.kind).toBe('zip');
      const view = async (source: typeof folder) =>
        Promise.all(
          source.listing.submissions.map(async (submission) => ({
            name: submission.name,
            problem: submission.problem,
            hash: submission.dir === null ? null : await readSubmission(submission.dir).then((read) => read.tag, () => null),
          })),
        );
      const fromFolder = await view(folder);
      expect(await view(zipped)).toEqual(fromFolder);
      expect(fromFolder.map((submission) => submission.hash === null)).toEqual([false, false, true]);
    } finally {
      await folder.dispose();
      await zipped.dispose();
    }
  });

  it('changes a submission\'s hash when one byte of it changes', async () => {
    file('class/alice/server.py', 'print(1)\n');
    const before = (await readSubmission(join(scratch, 'class', 'alice'))).tag;
    file('class/alice/server.py', 'print(2)\n');
    expect((await readSubmission(join(scratch, 'class', 'alice'))).tag).not.toBe(before);
  });

  it('makes a submission with a rejected zip entry an error naming the entry, and grades the others', async () => {
    const zip = join(scratch, 'class.zip');
    writeFileSync(
      zip,
      rawZip([
        { name: 'class/alice/server.py', data: Buffer.from('x') },
        { name: 'class/bob/server.py', data: Buffer.from('x') },
        { name: 'class/bob/../../../escape.py', data: Buffer.from('x') },
        { name: 'class/carol/server.py', data: Buffer.from('x'), unixMode: 0o100644 },
        { name: 'class/carol/data', data: Buffer.from('/etc'), unixMode: 0o120777 },
      ]),
    );
    const source = await openClass(zip);
    try {
      const byName = Object.fromEntries(source.listing.submissions.map((submission) => [submission.name, submission]));
      expect(Object.keys(byName)).toEqual(['alice', 'bob', 'carol']);
      expect(byName.alice!.problem).toBeNull();
      expect(byName.bob).toMatchObject({ dir: null, problem: expect.stringContaining('the zip entry "class/bob/../../../escape.py" was not unpacked: its path climbs out') });
      expect(byName.carol).toMatchObject({ problem: null, notes: [expect.stringContaining('class/carol/data is a link in the zip; links are not unpacked')] });
    } finally {
      await source.dispose();
    }
  });

  it('grades a copy: archives inside a submission unpacked (a zip in a zip, a tar.gz, a 7z), the class folder unchanged', async () => {
    file('inner/tugas1/Server.py', SERVER);
    mkdirSync(join(scratch, 'class', 'alice'), { recursive: true });
    mkdirSync(join(scratch, 'class', 'bob'), { recursive: true });
    mkdirSync(join(scratch, 'outer'), { recursive: true });
    await zipFolder(join(scratch, 'inner'), join(scratch, 'class', 'alice', 'tugas1.zip'));
    file('nested/deeper/soal1.py', SERVER);
    await zipFolder(join(scratch, 'nested'), join(scratch, 'outer', 'inside.zip'));
    await zipFolder(join(scratch, 'outer'), join(scratch, 'class', 'bob', 'kiriman.zip'));
    file('carol-src/server_socket.py', SERVER);
    file('carol-src/client.py', 'import socket\ns.connect(("x", 1))\n');
    mkdirSync(join(scratch, 'class', 'carol'));
    execFileSync('tar', ['-czf', join(scratch, 'class', 'carol', 'tugas.tar.gz'), '-C', join(scratch, 'carol-src'), '.']);
    file('dan-src/tugas1_server.py', SERVER);
    await sevenZipFolder(join(scratch, 'dan-src'), join(scratch, 'class', 'dan', 'tugas1.7z'));
    file('class/erin/tugas1.rar', 'not really a rar');
    const source = await openClass(join(scratch, 'class'));
    try {
      const entries = await Promise.all(source.listing.submissions.map((submission) => readSubmission(submission.dir!).then((read) => read.entry.file, (error: Error) => error.message)));
      expect(entries.slice(0, 4)).toEqual(['tugas1/tugas1/Server.py', 'kiriman/inside/deeper/soal1.py', 'tugas/server_socket.py', 'tugas1/tugas1_server.py']);
      const erin = source.listing.submissions[4]!;
      expect(erin).toMatchObject({ dir: null, missing: false, problem: expect.stringMatching(/^cannot read tugas1\.rar as a rar archive \(/) });
      expect(readdirSync(join(scratch, 'class', 'alice'))).toEqual(['tugas1.zip']);
    } finally {
      await source.dispose();
    }
  });

  it('gives an empty folder the status missing', async () => {
    file('class/alice/server.py');
    mkdirSync(join(scratch, 'class', 'bob', '__MACOSX'), { recursive: true });
    const source = await openClass(join(scratch, 'class'));
    try {
      expect(source.listing.submissions.map((submission) => [submission.name, submission.missing])).toEqual([
        ['alice', false],
        ['bob', true],
      ]);
    } finally {
      await source.dispose();
    }
  });

  it('writes the instructor\'s choice (--entry GLOB, or --entries per student) where the checker reads it', async () => {
    file('class/alice/soal1.py', SERVER);
    file('class/alice/soal2.py', `${SERVER}# 2\n`);
    file('class/bob/tugas/soal1_server.py', SERVER);
    file('class/bob/tugas/soal2_server.py', `${SERVER}# 2\n`);
    const source = await openClass(join(scratch, 'class'), { glob: 'soal2*', perStudent: new Map([['bob', 'tugas/soal1_server.py']]) });
    try {
      const [alice, bob] = await Promise.all(source.listing.submissions.map((submission) => readSubmission(submission.dir!)));
      expect(alice!.entry).toEqual({ file: 'soal2.py', kind: 'python', because: { rule: 'entry-file' } });
      expect(bob!.entry.file).toBe('tugas/soal1_server.py');
    } finally {
      await source.dispose();
    }
  });

  it('removes its unpacked copy on dispose', async () => {
    file('class/alice/server.py');
    const zip = join(scratch, 'class.zip');
    await zipFolder(join(scratch, 'class'), zip);
    const source = await openClass(zip);
    const dir = source.listing.submissions[0]!.dir!;
    await source.dispose();
    await expect(readSubmission(dir)).rejects.toThrow(/no such folder/);
  });

  it('leaves nothing in the temporary folder when the class zip cannot be read', async () => {
    file('class.zip', 'not a zip at all\n');
    await expect(openClass(join(scratch, 'class.zip'))).rejects.toThrow();
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('says in one line what to give instead of a path that does not exist', async () => {
    await expect(openClass(join(scratch, 'nothing'))).rejects.toThrow(/nothing: no such folder or \.zip file; give the folder with one folder per student, or its \.zip$/);
  });
});
