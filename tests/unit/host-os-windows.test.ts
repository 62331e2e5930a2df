/**
 * host-os on Windows, tested here on Linux.
 *
 * Readiness comes from `netstat -ano`, read by its address columns (the headings and, on some
 * Windows, the state words are translated), never by connecting. No Windows machine was at
 * hand, so the tables in fixtures/windows-netstat/ are transcriptions of captures people
 * published, kept to a few rows with port 12345 added, byte for byte in the layout Windows
 * prints: CRLF, the OEM code page (437, 850; read as UTF-8, as Node reads netstat's output),
 * addresses padded to 21 characters plus two spaces, a longer IPv6 address overflowing its
 * column. Each file's source is named where the file is tested. What the captures showed:
 * - German Windows translates the state words (ABHÖREN, HERGESTELLT, WARTEND) and its Ö reaches
 *   Node as U+FFFD; French and Spanish Windows translate the headings but printed the state words
 *   in English; an Indonesian user's published capture (angkabelia.blogspot.com, 2013) was
 *   entirely English. Nothing here reads the state or the headings.
 * - IPv6 rows: [::]:port, [::1]:port, global and link-local addresses with a zone (%6), longer
 *   than the column.
 * The Wine table was recorded from Wine 8.0's netstat (Debian's wine64) while a Windows Node
 * server listened: it lists connections only, no listening socket and no PID.
 *
 * Stopping: taskkill /T /F, and where taskkill refuses /T (Wine's: "Unknown or invalid command
 * line option", exit 1) the program is still ended. A stand-in taskkill on the PATH records its
 * arguments and answers as each kind of taskkill does; the program is a real process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endWindowsTree } from '../../host-os/process-tree';
import { netstatListening } from '../../host-os/windows-netstat';

const netstat = (file: string): string => readFileSync(join(__dirname, 'fixtures', 'windows-netstat', file), 'utf8');

describe('netstatListening on tables in the layouts real Windows prints', () => {
  it('English Windows Server, netstat -ano (an HTB write-up\'s capture): IPv4 and IPv6 listeners on the port, overflowing IPv6 rows and trailing padding read', () => {
    const table = netstat('en-server-ano.txt');
    expect(table).toContain('[fe80::1085:21e6:3d65:c893%6]:53  [::]:0');
    expect(netstatListening(table, 12345)).toEqual(['0.0.0.0', '::']);
    expect(netstatListening(table, 53)).toEqual(['::1', 'dead:beef::1085:21e6:3d65:c893', 'fe80::1085:21e6:3d65:c893%6']);
  });

  it('English: a connection to or from the port, a TIME_WAIT, a UDP socket and a port that merely ends in the digits are not listening', () => {
    const table = netstat('en-server-ano.txt');
    expect(netstatListening(table, 50412)).toEqual([]);
    expect(netstatListening(table, 50398)).toEqual([]);
    expect(netstatListening(table, 123)).toEqual([]);
    expect(netstatListening(table, 2345)).toEqual([]);
    expect(netstatListening(table, 139)).toEqual(['10.129.195.239']);
  });

  it('German Windows 11, netstat -ano -p TCP (a capture another project keeps verbatim): ABHÖREN arrives as ABH\\uFFFDREN and the listener is still found', () => {
    const table = netstat('de-win11-ano-p-tcp.txt');
    expect(table).toContain('ABH\uFFFDREN');
    expect(netstatListening(table, 12345)).toEqual(['0.0.0.0']);
    expect(netstatListening(table, 60123)).toEqual([]);
    expect(netstatListening(table, 49671)).toEqual([]);
  });

  it('French Windows 10 (a student\'s capture in a network course): French headings, English states; only the loopback listener, not its connection', () => {
    const table = netstat('fr-win10-ano.txt');
    expect(table).toContain('Connexions actives');
    expect(netstatListening(table, 12345)).toEqual(['127.0.0.1']);
    expect(netstatListening(table, 61399)).toEqual([]);
    expect(netstatListening(table, 7680)).toEqual([]);
  });

  it('Spanish Windows 10 (a capture in an Oracle tutorial): a link-local listener with a zone id, longer than its column', () => {
    const table = netstat('es-win10-ano.txt');
    expect(table).toContain('Conexiones activas');
    expect(netstatListening(table, 12345)).toEqual(['fe80::c9ee:eb4d:5f0b:a64f%4']);
    expect(netstatListening(table, 50297)).toEqual([]);
    expect(netstatListening(table, 135)).toEqual(['0.0.0.0', '::']);
  });

  it('says it cannot tell (null) for a table with no listening socket at all, as Wine\'s netstat prints', () => {
    const wine = readFileSync(join(__dirname, 'fixtures', 'wine-8.0-netstat-ano.txt'), 'utf8');
    expect(wine).toContain('Active Connections');
    expect(netstatListening(wine, 12345)).toBeNull();
    expect(netstatListening('', 12345)).toBeNull();
  });
});

/** How a stand-in taskkill answers: Windows' (ends the program), Wine's (refuses /T), or one for a program already gone. */
type Taskkill = 'windows' | 'wine' | 'already-gone';

const TASKKILL_SCRIPTS: Record<Taskkill, string> = {
  windows: 'kill -KILL "$2"\necho "SUCCESS: The process with PID $2 (child process of PID 1) has been terminated."\nexit 0',
  wine: 'echo "Error: Unknown or invalid command line option specified." >&2\nexit 1',
  'already-gone': 'echo "ERROR: The process \\"$2\\" not found." >&2\nexit 128',
};

let folder = '';
const savedPath = process.env.PATH;

afterEach(() => {
  process.env.PATH = savedPath;
  if (folder !== '') rmSync(folder, { recursive: true, force: true });
  folder = '';
});

/** Puts a stand-in taskkill first on the PATH; returns the file its arguments are written to. */
function useTaskkill(kind: Taskkill): string {
  folder = mkdtempSync(join(tmpdir(), 'charcount-taskkill-'));
  const log = join(folder, 'calls.txt');
  writeFileSync(join(folder, 'taskkill'), `#!/bin/sh\necho "$@" >> '${log}'\n${TASKKILL_SCRIPTS[kind]}\n`);
  chmodSync(join(folder, 'taskkill'), 0o755);
  process.env.PATH = `${folder}${delimiter}${savedPath ?? ''}`;
  return log;
}

function startProgram(): { child: ChildProcess; ended: Promise<NodeJS.Signals | null> } {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  return { child, ended: new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal))) };
}

describe('endWindowsTree', () => {
  it('runs taskkill /PID n /T /F once; when taskkill ends the program, nothing else is sent', async () => {
    const log = useTaskkill('windows');
    const { child, ended } = startProgram();
    const kill = vi.spyOn(child, 'kill');
    await endWindowsTree(child);
    expect(await ended).toBe('SIGKILL');
    expect(kill).not.toHaveBeenCalled();
    expect(readFileSync(log, 'utf8')).toBe(`/PID ${child.pid} /T /F\n`);
  });

  it('when taskkill refuses /T, as Wine\'s does, the program is still ended', async () => {
    const log = useTaskkill('wine');
    const { child, ended } = startProgram();
    await endWindowsTree(child);
    expect(await ended).toBe('SIGTERM');
    expect(readFileSync(log, 'utf8')).toBe(`/PID ${child.pid} /T /F\n`);
  });

  it('with no taskkill at all, the program is still ended', async () => {
    folder = mkdtempSync(join(tmpdir(), 'charcount-taskkill-'));
    const { child, ended } = startProgram();
    process.env.PATH = folder;
    await endWindowsTree(child);
    expect(await ended).toBe('SIGTERM');
  });

  it('a program that has already exited is not ended again (taskkill exit 128)', async () => {
    const log = useTaskkill('already-gone');
    const { child, ended } = startProgram();
    child.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    const kill = vi.spyOn(child, 'kill');
    await endWindowsTree(child);
    expect(readFileSync(log, 'utf8')).toBe(`/PID ${child.pid} /T /F\n`);
    expect(kill).not.toHaveBeenCalled();
  });
});
