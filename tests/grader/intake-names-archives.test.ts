/**
 * Who a submission belongs to, from the names Moodle and other LMSes give it; and an archive a
 * student put in a submission, unpacked under the class zip's rules: nothing outside the
 * folder, no link, one line for what was left out or cannot be read.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveError, parseSevenZipListing, unpackArchive } from '../../intake/archives';
import { stageSubmission, SUBMISSION_UNPACK_LIMITS } from '../../intake/stage-submission';
import { sevenZipFolder } from './support/seven-zip';
import { displayName, fileStudent, moodleFlatFile, moodleFolderStudent } from '../../intake/student-names';

describe('student names', () => {
  it('reads the name and participant id of Moodle folders and flat files, and nothing from other names', () => {
    expect(moodleFolderStudent('Budi Santoso_123456_assignsubmission_file_')).toEqual({ name: 'Budi Santoso', id: '123456' });
    expect(moodleFolderStudent('Siti_Aminah_2_assignsubmission_onlinetext_')).toEqual({ name: 'Siti_Aminah', id: '2' });
    expect(moodleFolderStudent('alice')).toBeNull();
    expect(moodleFlatFile('Budi Santoso_123456_assignsubmission_file_tugas1_server.py')).toEqual({ folder: 'Budi Santoso_123456_assignsubmission_file_', file: 'tugas1_server.py' });
    expect(moodleFlatFile('server.py')).toBeNull();
  });

  it('reads a student number and name from one file per student, in either order', () => {
    expect(fileStudent('2106012345_Budi_Santoso.py')).toEqual({ name: 'Budi Santoso', id: '2106012345' });
    expect(fileStudent('Siti Aminah_2106054321.tar.gz')).toEqual({ name: 'Siti Aminah', id: '2106054321' });
    expect(fileStudent('tugas1.py')).toEqual({ name: 'tugas1', id: null });
    expect(displayName({ name: 'Budi Santoso', id: '123456' }, 'x')).toBe('Budi Santoso (123456)');
    expect(displayName(null, 'alice')).toBe('alice');
  });
});

describe('archives in a submission', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'charcount-archives-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('unpacks a tar but never a link or a path that climbs out, and says what it left out', async () => {
    mkdirSync(join(scratch, 'src'));
    writeFileSync(join(scratch, 'src', 'server.py'), 'print(1)\n');
    symlinkSync('/etc/passwd', join(scratch, 'src', 'passwd'));
    await createTar({ file: join(scratch, 'a.tar'), cwd: join(scratch, 'src'), portable: true }, ['server.py', 'passwd']);
    const result = await unpackArchive(join(scratch, 'a.tar'), join(scratch, 'out'), 'a.tar', SUBMISSION_UNPACK_LIMITS);
    expect(readdirSync(join(scratch, 'out'))).toEqual(['server.py']);
    expect(result.notes.map((note) => note.text)).toEqual(['a.tar: passwd is a link in the archive; links are not unpacked, so it is missing (make it a real file)']);
  });

  it('holds archives inside archives to one budget for the whole submission: of three small .tgz that each unpack to 4,000 bytes, the third stays packed in a 10,000-byte submission, named in one line', async () => {
    mkdirSync(join(scratch, 'src'));
    for (const n of [1, 2, 3]) {
      writeFileSync(join(scratch, 'src', `part${n}.txt`), 'x'.repeat(4000));
      await createTar({ file: join(scratch, 'src', `part${n}.tgz`), cwd: join(scratch, 'src'), portable: true, gzip: true }, [`part${n}.txt`]);
    }
    await createTar({ file: join(scratch, 'outer.tar'), cwd: join(scratch, 'src'), portable: true }, ['part1.tgz', 'part2.tgz', 'part3.tgz']);
    const limits = { maxEntries: 100, maxFileBytes: 10_000, maxTotalBytes: 10_000 };
    const staged = await stageSubmission({ folder: null, files: [{ path: join(scratch, 'outer.tar'), name: 'outer.tar' }] }, join(scratch, 'staged'), limits);
    expect(readdirSync(join(scratch, 'staged', 'outer')).sort()).toEqual(['part1', 'part2']);
    expect(staged.problems).toEqual([`outer/part3.tgz was not unpacked: with what the submission already holds, it would hold more than a submission may (${10_000 / 1024 / 1024} MiB, 100 files)`]);
  });

  it('unpacks from a 7z only the entries it accepts, by their literal names: a file over the size limit is left out and named, a name with wildcard characters is kept', async () => {
    mkdirSync(join(scratch, 'src'));
    writeFileSync(join(scratch, 'src', 'server.py'), 'print(1)\n');
    writeFileSync(join(scratch, 'src', '[tugas]*.py'), 'print(2)\n');
    writeFileSync(join(scratch, 'src', 'data.bin'), Buffer.alloc(3000));
    await sevenZipFolder(join(scratch, 'src'), join(scratch, 'tugas1.7z'));
    const result = await unpackArchive(join(scratch, 'tugas1.7z'), join(scratch, 'out'), 'tugas1.7z', { maxEntries: 100, maxFileBytes: 2000, maxTotalBytes: 10_000 });
    expect(readdirSync(join(scratch, 'out')).sort()).toEqual(['[tugas]*.py', 'server.py']);
    expect(result.rejected.map((report) => report.text)).toEqual([expect.stringMatching(/^the entry "data\.bin" of tugas1\.7z was not unpacked: /)]);
  });

  it('says in one line that a file named like an archive cannot be read', async () => {
    writeFileSync(join(scratch, 'tugas1.rar'), 'not a rar');
    writeFileSync(join(scratch, 'tugas1.tar'), 'not a tar');
    await expect(unpackArchive(join(scratch, 'tugas1.rar'), join(scratch, 'r'), 'tugas1.rar', SUBMISSION_UNPACK_LIMITS)).rejects.toThrow(/^cannot read tugas1\.rar as a rar archive \(/);
    await expect(unpackArchive(join(scratch, 'tugas1.tar'), join(scratch, 't'), 'tugas1.tar', SUBMISSION_UNPACK_LIMITS)).rejects.toBeInstanceOf(ArchiveError);
  });

  it('reads 7-Zip\'s listing, Unix modes and Windows attributes alike', () => {
    const lines = ['  0M Scan /\b\b\b\b           \b\b\b\bPath = sub', 'Size = 0', 'Attributes = D drwxr-xr-x', '', 'Path = sub\\server.py', 'Size = 9', 'Attributes = A', 'Encrypted = -', ''];
    expect(parseSevenZipListing(lines)).toEqual([
      { path: 'sub', size: 0, attributes: 'D drwxr-xr-x', encrypted: false },
      { path: 'sub/server.py', size: 9, attributes: 'A', encrypted: false },
    ]);
  });
});
