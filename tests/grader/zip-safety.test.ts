/**
 * A class zip is untrusted: what it names is decided entry by entry (planEntry), and what is
 * unpacked stays inside the folder it is unpacked in. Hostile zips are written by hand
 * (support/raw-zip.ts): names that climb out, absolute paths, links, devices, sizes that lie.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../command-line/usage-error';
import { planEntry, type ZipEntryFacts } from '../../intake/zip-entry';
import { unpackZip, UNPACK_LIMITS } from '../../intake/zip-extract';
import { rawZip, type RawEntry } from './support/raw-zip';

const MIB = 1024 * 1024;
const facts = (name: string, more: Partial<ZipEntryFacts> = {}): ZipEntryFacts => ({ name, versionMadeBy: 20, externalFileAttributes: 0, encrypted: false, uncompressedSize: 10, ...more });
const unix = (mode: number): Partial<ZipEntryFacts> => ({ versionMadeBy: (3 << 8) | 20, externalFileAttributes: (mode << 16) >>> 0 });

describe('planEntry', () => {
  it.each([
    ['../evil.txt', [], 'climbs out'],
    ['alice/../../evil.txt', ['alice'], 'climbs out'],
    ['class/bob/../x', ['class', 'bob'], 'climbs out'],
    ['/etc/passwd', [], 'absolute path'],
    ['C:/Windows/evil.txt', [], 'absolute path'],
    ['alice/bell\u0007.txt', [], 'control characters'],
  ])('rejects %j, naming the folder it came from (%j) and why', (name, owner, reason) => {
    const plan = planEntry(facts(name), 64 * MIB);
    expect(plan).toMatchObject({ action: 'reject', owner });
    expect(plan.action === 'reject' && plan.reason).toContain(reason);
  });

  it('shows a rejected name escaped, so a newline in it cannot forge a line', () => {
    expect(planEntry(facts('a/\nb'), MIB)).toMatchObject({ action: 'reject', shown: 'a/\\nb' });
  });

  it.each(['__MACOSX/alice/._server.py', 'alice/.DS_Store', 'alice/._server.py', 'alice/Thumbs.db'])('leaves out operating-system litter %j without a word', (name) => {
    expect(planEntry(facts(name), MIB)).toEqual({ action: 'skip', path: expect.any(Array), note: null });
  });

  it('never creates a link: a Unix symlink entry is left out with a note the student reads', () => {
    const plan = planEntry(facts('alice/server.py', unix(0o120777)), MIB);
    expect(plan).toEqual({ action: 'skip', path: ['alice', 'server.py'], note: expect.stringContaining('alice/server.py is a link in the zip; links are not unpacked') });
  });

  it('leaves out devices and pipes', () => {
    expect(planEntry(facts('alice/tty', unix(0o020644)), MIB)).toMatchObject({ action: 'skip', note: expect.stringContaining('not a regular file') });
    expect(planEntry(facts('alice/fifo', unix(0o010644)), MIB)).toMatchObject({ action: 'skip', note: expect.stringContaining('not a regular file') });
  });

  it('rejects a file bigger than a submission may hold before a byte is written', () => {
    const plan = planEntry(facts('alice/venv.tar', { uncompressedSize: 200 * MIB }), 64 * MIB);
    expect(plan).toMatchObject({ action: 'reject', owner: ['alice'] });
    expect(plan.action === 'reject' && plan.reason).toContain('unpacks to 200 MiB, more than the 64 MiB a submission may hold');
  });

  it('rejects an encrypted entry', () => {
    expect(planEntry(facts('alice/server.py', { encrypted: true }), MIB)).toMatchObject({ action: 'reject', reason: expect.stringContaining('encrypted') });
  });

  it('keeps only the executable bit of a mode, and reads "." parts and folders', () => {
    expect(planEntry(facts('alice/run.sh', unix(0o104755)), MIB)).toEqual({ action: 'file', path: ['alice', 'run.sh'], mode: 0o755 });
    expect(planEntry(facts('alice/./server.py'), MIB)).toEqual({ action: 'file', path: ['alice', 'server.py'], mode: 0o644 });
    expect(planEntry(facts('alice/'), MIB)).toEqual({ action: 'directory', path: ['alice'] });
    expect(planEntry(facts('alice/src', unix(0o040755)), MIB)).toEqual({ action: 'directory', path: ['alice', 'src'] });
  });
});

describe('unpackZip', () => {
  let scratch: string;
  let into: string;
  const zipOf = (entries: RawEntry[]): string => {
    const file = join(scratch, 'class.zip');
    writeFileSync(file, rawZip(entries));
    return file;
  };
  /** Every path under the scratch folder but the zip itself and the unpack folder's contents. */
  const outside = (): string[] => readdirSync(scratch).filter((name) => name !== 'class.zip' && name !== 'into');

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'charcount-zip-'));
    into = join(scratch, 'into');
    mkdirSync(into);
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes nothing outside the folder for "..", absolute and drive-letter names, and says which folder each was meant for', async () => {
    const result = await unpackZip(
      zipOf([
        { name: '../evil.txt', data: Buffer.from('x') },
        { name: 'alice/../../evil.txt', data: Buffer.from('x') },
        { name: '/tmp/evil.txt', data: Buffer.from('x') },
        { name: 'C:\\evil.txt', data: Buffer.from('x') },
        { name: 'alice/server.py', data: Buffer.from('print(1)\n') },
      ]),
      into,
    );
    expect(outside()).toEqual([]);
    expect(existsSync('/tmp/evil.txt')).toBe(false);
    expect(result.rejected.map((entry) => entry.owner)).toEqual([[], ['alice'], [], []]);
    expect(result.rejected[1]!.text).toBe('the zip entry "alice/../../evil.txt" was not unpacked: its path climbs out with "..", which would put it outside the folder the zip is unpacked in');
    expect(readFileSync(join(into, 'alice', 'server.py'), 'utf8')).toBe('print(1)\n');
    expect(readdirSync(into)).toEqual(['alice']);
  });

  it('makes the folder of a student whose only entry was rejected, so that student still gets a row', async () => {
    await unpackZip(zipOf([{ name: 'bob/../../evil.txt', data: Buffer.from('x') }]), into);
    expect(readdirSync(into)).toEqual(['bob']);
    expect(readdirSync(join(into, 'bob'))).toEqual([]);
  });

  it('turns Windows backslashes into folders', async () => {
    await unpackZip(zipOf([{ name: 'bob\\server.py', data: Buffer.from('x') }]), into);
    expect(readFileSync(join(into, 'bob', 'server.py'), 'utf8')).toBe('x');
  });

  it('creates no link, even one pointing outside, and notes it for the student', async () => {
    const result = await unpackZip(zipOf([{ name: 'alice/server.py', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]), into);
    expect(existsSync(join(into, 'alice', 'server.py'))).toBe(false);
    expect(() => lstatSync(join(into, 'alice', 'server.py'))).toThrow();
    expect(result.notes).toEqual([{ owner: ['alice'], text: expect.stringContaining('is a link in the zip') }]);
  });

  it('keeps the executable bit of a Unix mode', async () => {
    await unpackZip(zipOf([{ name: 'alice/start.sh', data: Buffer.from('#!/bin/sh\n'), unixMode: 0o100755 }, { name: 'alice/server.py', data: Buffer.from('x'), unixMode: 0o100644 }]), into);
    expect(statSync(join(into, 'alice', 'start.sh')).mode & 0o111).not.toBe(0);
    expect(statSync(join(into, 'alice', 'server.py')).mode & 0o111).toBe(0);
  });

  it('rejects a compressed entry that unpacks to more than it declares, and keeps none of it', async () => {
    const result = await unpackZip(zipOf([{ name: 'alice/bomb.txt', data: Buffer.alloc(MIB, 0x41), deflate: true, declaredSize: 100 }]), into);
    expect(result.rejected).toEqual([{ owner: ['alice'], text: expect.stringMatching(/^the zip entry "alice\/bomb\.txt" was not unpacked: it could not be unpacked \(.*too many bytes.*\)$/) }]);
    expect(existsSync(join(into, 'alice', 'bomb.txt'))).toBe(false);
  });

  it('rejects a second entry with the same path instead of writing over the first', async () => {
    const result = await unpackZip(zipOf([{ name: 'alice/server.py', data: Buffer.from('first') }, { name: 'alice/server.py', data: Buffer.from('second') }]), into);
    expect(readFileSync(join(into, 'alice', 'server.py'), 'utf8')).toBe('first');
    expect(result.rejected[0]!.text).toContain('the zip holds this path twice');
  });

  it('stops with one line when the whole zip unpacks to more than its limit', async () => {
    const file = zipOf([{ name: 'a/x', data: Buffer.alloc(300_000), deflate: true }, { name: 'b/y', data: Buffer.alloc(300_000), deflate: true }]);
    await expect(unpackZip(file, into, { ...UNPACK_LIMITS, maxTotalBytes: 500_000 })).rejects.toThrow(UsageError);
    await expect(unpackZip(file, mkdtempSync(join(scratch, 'again-')), { ...UNPACK_LIMITS, maxTotalBytes: 500_000 })).rejects.toThrow(/class\.zip unpacks to more than [\d.]+ MiB; unpack it yourself and give the folder/);
  });

  it('stops with one line at a file that is not a zip', async () => {
    const file = join(scratch, 'class.zip');
    writeFileSync(file, 'this is not a zip');
    await expect(unpackZip(file, into)).rejects.toThrow(/^cannot read .*class\.zip as a zip \(.*\); check the file, or unpack it yourself and give the folder$/);
  });

  it('rejects an encrypted entry without trying to read it', async () => {
    const result = await unpackZip(zipOf([{ name: 'alice/server.py', data: Buffer.from('x'), encrypted: true }]), into);
    expect(result.rejected[0]!.text).toContain('it is encrypted; zip the submissions without a password');
  });
});
