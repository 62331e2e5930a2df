/**
 * Finding the submissions in a class folder or zip, as an instructor's download holds them:
 * one folder per student, perhaps all inside one top folder, perhaps with the server one
 * folder down; what cannot be graded gets a reason that says what to put there. A folder and
 * a zip of it give the same submissions, with the same content hashes.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSubmission } from '../../checker/targets/submission-source';
import { openClass } from '../../grader/class-source';
import { discoverClass, missingServer } from '../../grader/discover';
import { rawZip } from './support/raw-zip';
import { zipFolder } from './support/zip-folder';

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
    expect(submissions[0]!.dir).toBe(join(scratch, 'class', 'alice'));
    expect(warnings).toEqual(['left out 1 file(s) beside the student folders (notes.txt): each submission must be a folder (in Moodle, tick "Download submissions in folders")']);
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

  it('grades a server one folder down from there, and says so in a note', async () => {
    file('class/alice/charcount-server/server.py');
    file('class/alice/README.md');
    const [alice] = (await discoverClass(join(scratch, 'class'))).submissions;
    expect(alice).toMatchObject({ name: 'alice', dir: join(scratch, 'class', 'alice', 'charcount-server'), shownAs: 'alice/charcount-server', problem: null });
    expect(alice!.notes).toEqual(['graded the folder charcount-server/ inside the submission, which holds the server (put server.py or the Dockerfile at the top next time)']);
  });

  it('says what to put where when a folder has neither server.py nor a Dockerfile, and what it holds', async () => {
    file('class/alice/main.py');
    file('class/alice/src/util.py');
    file('class/alice/tests/test.py');
    mkdirSync(join(scratch, 'class', 'empty'));
    const byName = Object.fromEntries((await discoverClass(join(scratch, 'class'))).submissions.map((submission) => [submission.name, submission]));
    expect(byName.alice).toMatchObject({ dir: null, problem: missingServer('alice', ['main.py', 'src/', 'tests/']) });
    expect(byName.alice!.problem).toBe(
      'alice has neither server.py nor a Dockerfile at its top: put the server in server.py (it runs with python3 on python:3.13-slim), or add a Dockerfile that starts it; it holds main.py, src/, tests/',
    );
    expect(byName.empty!.problem).toMatch(/; the folder is empty$/);
  });

  it('names the fix for a misnamed server and for an archive left packed', () => {
    expect(missingServer('bob', ['Server.py'])).toContain('rename Server.py to server.py (names are case-sensitive)');
    expect(missingServer('bob', ['dockerfile'])).toContain('rename dockerfile to Dockerfile');
    expect(missingServer('bob', ['submission.zip'])).toContain('unpack submission.zip into the folder (archives inside a submission are not unpacked)');
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
            hash: submission.dir === null ? null : (await readSubmission(submission.dir)).tag,
          })),
        );
      const fromFolder = await view(folder);
      expect(await view(zipped)).toEqual(fromFolder);
      expect(fromFolder.map((submission) => submission.hash === null)).toEqual([false, false, true]);
    } finally {
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

  it('removes its unpacked copy on dispose', async () => {
    file('class/alice/server.py');
    const zip = join(scratch, 'class.zip');
    await zipFolder(join(scratch, 'class'), zip);
    const source = await openClass(zip);
    const dir = source.listing.submissions[0]!.dir!;
    await source.dispose();
    await expect(readSubmission(dir)).rejects.toThrow(/no such folder/);
  });

  it('says in one line what to give instead of a path that does not exist', async () => {
    await expect(openClass(join(scratch, 'nothing'))).rejects.toThrow(/nothing: no such folder or \.zip file; give the folder with one folder per student, or its \.zip$/);
  });
});
