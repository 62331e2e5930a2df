/**
 * What unpacking says about a student's archive (an entry left out, an archive that cannot be
 * read) reaches the grader's feedback and start-server.sh's line in the run's language: in
 * Indonesian, with no English sentence outside the names of files and the unpacking library's
 * own words, quoted; in English as before.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openClass } from '../../grader/class-source';
import { archiveProblemOf, isUnpackedNote } from '../../grader/class-texts';
import { loadEntries } from '../../grader/entries-file';
import { OutputFolder } from '../../grader/output-folder';
import { ArchiveError, unpackArchive } from '../../intake/archives';
import { stageSubmission, SUBMISSION_UNPACK_LIMITS } from '../../intake/stage-submission';
import { planEntry } from '../../intake/zip-entry';
import { unpackZip, UNPACK_LIMITS } from '../../intake/zip-extract';
import { rawZip } from '../grader/support/raw-zip';
import { englishIn } from '../support/english-in-indonesian';

const MIB = 1024 * 1024;
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'charcount-archive-words-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function file(path: string, content: string | Buffer): string {
  const full = join(scratch, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return full;
}

describe('an entry left out of an archive', () => {
  it.each([
    ['alice/../../evil.txt', {}, 'path-nya naik keluar dengan "..", sehingga file itu akan berada di luar folder tempat zip diekstrak', 'climbs out'],
    ['alice/server.py', { encrypted: true }, 'file itu terenkripsi; buat zip kiriman tanpa kata sandi', 'encrypted'],
    ['alice/venv.tar', { uncompressedSize: 200 * MIB }, 'file itu berukuran 200 MiB setelah diekstrak, lebih dari 64 MiB yang boleh dimuat sebuah kiriman', 'unpacks to 200 MiB'],
  ])('%s: said in Indonesian and in English', (name, more, indonesian, english) => {
    const facts = { name, versionMadeBy: 20, externalFileAttributes: 0, encrypted: false, uncompressedSize: 10, ...more };
    const id = planEntry(facts, 64 * MIB, 'id');
    expect(id.action === 'reject' && id.reason).toContain(indonesian);
    expect(englishIn(id.action === 'reject' ? id.reason : '')).toEqual([]);
    const en = planEntry(facts, 64 * MIB, 'en');
    expect(en.action === 'reject' && en.reason).toContain(english);
  });

  it("a link in a student's zip is a note naming the archive, in Indonesian", async () => {
    file('alice/tugas1.zip', rawZip([{ name: 'server.py', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }, { name: 'util.py', data: Buffer.from('x = 1\n') }]));
    const staged = await stageSubmission({ folder: join(scratch, 'alice'), files: [] }, join(scratch, 'staged'), SUBMISSION_UNPACK_LIMITS, 'id');
    expect(staged.notes).toEqual(['server.py adalah link di dalam zip; link tidak diekstrak, jadi file itu tidak ada (jadikan file biasa)']);
    expect(englishIn(staged.notes.join('\n'))).toEqual([]);
  });

  it('an entry that climbs out of a tar is rejected in Indonesian, naming the archive', async () => {
    file('a.zip', rawZip([{ name: '../evil.py', data: Buffer.from('x') }, { name: 'server.py', data: Buffer.from('print(1)\n') }]));
    const result = await unpackArchive(join(scratch, 'a.zip'), join(scratch, 'out'), 'tugas1.zip', SUBMISSION_UNPACK_LIMITS, 'id');
    expect(result.rejected.map((report) => report.text)).toEqual(['entri zip "../evil.py" tidak diekstrak: path-nya naik keluar dengan "..", sehingga file itu akan berada di luar folder tempat zip diekstrak']);
  });
});

describe('an archive that cannot be read', () => {
  it.each([
    ['tugas1.zip', /^tugas1\.zip tidak dapat dibaca sebagai zip \(".+"\); periksa file itu, atau ekstrak sendiri dan berikan foldernya$/, /^cannot read tugas1\.zip as a zip \(.+\); check the file/],
    ['tugas1.tar', /^tugas1\.tar tidak dapat dibaca sebagai arsip tar \((isinya kosong|".+")\)$/, /^cannot read tugas1\.tar as a tar archive \(/],
    ['tugas1.rar', /^tugas1\.rar tidak dapat dibaca sebagai arsip rar \((arsipnya rusak|".+")\)$/, /^cannot read tugas1\.rar as a rar archive \(/],
  ])('%s is one problem, in Indonesian with the library quoted, and in English', async (name, indonesian, english) => {
    file(`alice/${name}`, 'not an archive at all\n');
    const id = await stageSubmission({ folder: join(scratch, 'alice'), files: [] }, join(scratch, 'id'), SUBMISSION_UNPACK_LIMITS, 'id');
    expect(id.problems).toEqual([expect.stringMatching(indonesian)]);
    expect(englishIn(id.problems[0]!), id.problems[0]).toEqual([]);
    const en = await stageSubmission({ folder: join(scratch, 'alice'), files: [] }, join(scratch, 'en'), SUBMISSION_UNPACK_LIMITS, 'en');
    expect(en.problems).toEqual([expect.stringMatching(english)]);
  });

  it('an archive over what is left of the submission is refused as such, in Indonesian (the fact, not the words, decides)', async () => {
    file('alice/a.zip', rawZip([{ name: 'big.py', data: Buffer.alloc(3000, 0x61), deflate: true }]));
    file('alice/b.zip', rawZip([{ name: 'big2.py', data: Buffer.alloc(3000, 0x61), deflate: true }]));
    const limits = { maxEntries: 100, maxFileBytes: 4000, maxTotalBytes: 5000 };
    const staged = await stageSubmission({ folder: join(scratch, 'alice'), files: [] }, join(scratch, 'staged'), limits, 'id');
    expect(staged.problems).toEqual([`b.zip tidak diekstrak: bersama isi kiriman yang sudah ada, kiriman akan memuat lebih dari yang boleh (${5000 / MIB} MiB, 100 file)`]);
  });

  it('a class zip the grader cannot read stops the run with one Indonesian line', async () => {
    const zip = file('class.zip', 'not a zip\n');
    const failure = await unpackZip(zip, join(scratch, 'into'), UNPACK_LIMITS, 'id').then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/class\.zip tidak dapat dibaca sebagai zip \(".+"\); periksa file itu, atau ekstrak sendiri dan berikan foldernya$/);
  });

  it('an ArchiveError says whether it was over the limits', () => {
    expect(new ArchiveError('x', true).overLimit).toBe(true);
  });
});

describe("the grader's class, opened in Indonesian", () => {
  it("gives the student whose only file is a broken archive an Indonesian problem", async () => {
    file('class/alice/tugas1.zip', 'not a zip\n');
    file('class/bob/server.py', 'print(1)\n');
    const source = await openClass(join(scratch, 'class'), undefined, 'id');
    try {
      const alice = source.listing.submissions.find((submission) => submission.name === 'alice')!;
      expect(alice.problem).toMatch(/^tugas1\.zip tidak dapat dibaca sebagai zip \(".+"\)/);
    } finally {
      await source.dispose();
    }
  });

  it('a SUBMISSIONS that does not exist stops the run with one Indonesian line', async () => {
    await expect(openClass(join(scratch, 'tidak-ada'), undefined, 'id')).rejects.toThrow(/tidak-ada: folder atau file \.zip itu tidak ada; berikan folder yang berisi satu folder per mahasiswa, atau \.zip-nya$/);
  });

  it('an --entry pattern that matches two files is the student problem, in Indonesian', async () => {
    file('class/alice/soal1_server.py', 'print(1)\n');
    file('class/alice/soal1_server_lama.py', 'print(2)\n');
    const source = await openClass(join(scratch, 'class'), { glob: 'soal1*', perStudent: new Map() }, 'id');
    try {
      const alice = source.listing.submissions.find((submission) => submission.name === 'alice')!;
      expect(alice.problem).toMatch(/^--entry soal1\* cocok dengan 2 file \(.+\): buat pola yang cocok dengan satu file saja, atau sebutkan file kiriman ini di --entries$/);
      expect(englishIn(alice.problem!)).toEqual([]);
    } finally {
      await source.dispose();
    }
  });

  it("lists an unpacked archive and what it left out in Indonesian, and both still count as archive notes", async () => {
    file('class/carol/tugas1.zip', rawZip([{ name: 'server.py', data: Buffer.from('print(1)\n') }, { name: '../evil.py', data: Buffer.from('x') }]));
    const source = await openClass(join(scratch, 'class'), undefined, 'id');
    try {
      const carol = source.listing.submissions.find((submission) => submission.name === 'carol')!;
      expect(carol.notes).toEqual([
        'diekstrak: tugas1.zip',
        'arsip: entri zip "../evil.py" tidak diekstrak: path-nya naik keluar dengan "..", sehingga file itu akan berada di luar folder tempat zip diekstrak',
      ]);
      expect(carol.notes.map(isUnpackedNote)).toEqual([true, false]);
      expect(carol.notes.map(archiveProblemOf)).toEqual([null, expect.stringMatching(/^entri zip "\.\.\/evil\.py" tidak diekstrak/)]);
      expect(englishIn(carol.notes.join('\n'))).toEqual([]);
    } finally {
      await source.dispose();
    }
    expect(isUnpackedNote('unpacked tugas1.zip')).toBe(true);
    expect(archiveProblemOf('archive: cannot read a.tar as a tar archive (it holds nothing)')).toBe('cannot read a.tar as a tar archive (it holds nothing)');
  });

  it('an --entries file that cannot be read or has a bad line, and an --out that cannot be written, in Indonesian', async () => {
    await expect(loadEntries(join(scratch, 'tidak-ada.csv'), 'id')).rejects.toThrow(/^--entries .*tidak-ada\.csv tidak dapat dibaca \(ENOENT\); berikan file CSV berisi baris "submission,file"$/);
    const bad = file('entries.csv', 'submission,file\nhanya-satu-kolom\n');
    await expect(loadEntries(bad, 'id')).rejects.toThrow(/^--entries .*entries\.csv, baris 2: tulis "submission,file" \(misalnya /);
    await expect(loadEntries(bad, 'en')).rejects.toThrow(/^--entries .*entries\.csv, line 2: write "submission,file"/);
    const notAFolder = file('sebuah-file', 'x');
    await expect(new OutputFolder(join(notAFolder, 'hasil')).prepare('id')).rejects.toThrow(/hasil tidak dapat ditulisi \(ENOTDIR\); berikan folder lain dengan --out$/);
  });

  it('a link instead of a student folder, and files beside the folders, in Indonesian', async () => {
    file('class/alice/server.py', 'print(1)\n');
    file('class/catatan.txt', 'x');
    symlinkSync(join(scratch, 'class', 'alice'), join(scratch, 'class', 'bob'));
    const source = await openClass(join(scratch, 'class'), undefined, 'id');
    try {
      expect(source.listing.submissions.find((submission) => submission.name === 'bob')!.problem).toBe('bob adalah symbolic link, bukan folder: letakkan file kiriman di folder sungguhan');
      expect(source.listing.warnings).toEqual(['1 file di samping folder mahasiswa tidak diikutkan (catatan.txt): setiap kiriman harus berupa folder, atau setiap file harus memakai awalan dari Moodle']);
      expect(englishIn(source.listing.warnings.join('\n'))).toEqual([]);
    } finally {
      await source.dispose();
    }
  });
});
