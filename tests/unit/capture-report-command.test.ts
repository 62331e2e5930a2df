/**
 * `npm run capture-report -- FILE [--svg OUT.svg] [--connection N]` as a student runs it:
 * the table, the diagrams it writes (one file per connection), and for every mistake (a file
 * that is not a capture, cut short, without TCP; a bad option) one line and exit code 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureReportCommand } from '../../tools/capture-report-command';
import { svgSegments } from '../../notes-generator/ladders/diagram-files';
import { CLIENT, LINK, pcapFile, records, SERVER, SESSION, type SyntheticPacket } from './support/synthetic-captures';

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'charcount-capture-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const later = (packets: SyntheticPacket[], us: number): SyntheticPacket[] => packets.map((packet) => ({ ...packet, timeUs: packet.timeUs + us }));
/** Two sessions one after the other, from two client ports. */
const TWO_SESSIONS = pcapFile(
  [...records(SESSION, LINK.ETHERNET), ...records(later(SESSION, 10_000), LINK.ETHERNET, { ...CLIENT, port: 48800 }, SERVER)],
  LINK.ETHERNET,
);

function file(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('capture-report --svg', () => {
  const pcap = file('two.pcap', TWO_SESSIONS);

  it('prints the table and writes one diagram per connection, OUT-N.svg when there are several', () => {
    const out = join(dir, 'lab.svg');
    const result = captureReportCommand([pcap, '--svg', out]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${pcap}: 16 TCP packets in 2 connections`);
    expect(result.stdout).toContain('connection 2: client 172.27.0.3:48800 → server 172.27.0.2:12345');
    expect(result.stdout).toContain(`ladder diagram of connection 1: ${join(dir, 'lab-1.svg')} (8 segments; open it in a browser)`);
    expect(result.stdout).toContain(`ladder diagram of connection 2: ${join(dir, 'lab-2.svg')} (8 segments; open it in a browser)`);
    expect(existsSync(out)).toBe(false);
    for (const n of [1, 2]) {
      const svg = readFileSync(join(dir, `lab-${n}.svg`), 'utf8');
      expect(svg).toContain(`${pcap}, connection ${n} of 2`);
      expect(svgSegments(svg)).toHaveLength(8);
    }
  });

  it('with --connection N, shows and draws only that connection, into OUT.svg itself', () => {
    const out = join(dir, 'second.svg');
    const result = captureReportCommand([pcap, '--connection', '2', '--svg', out]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('connection 1:');
    expect(result.stdout).toContain('connection 2: client 172.27.0.3:48800');
    expect(svgSegments(readFileSync(out, 'utf8'))[3]).toBe('client → server PSH+ACK seq=1 ack=1 len=11');
  });

  it('prints its help with -h and exits 0', () => {
    const result = captureReportCommand(['-h']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run capture-report -- FILE \[--svg OUT.svg\] \[--connection N\]\n/);
  });
});

describe('capture-report mistakes: one line, exit code 2', () => {
  const session = pcapFile(records(SESSION, LINK.ETHERNET), LINK.ETHERNET);
  const cut = file('cut.pcap', session.subarray(0, session.length - 5));
  const text = file('notes.txt', 'Halo dunia\n');
  const empty = file('empty.pcap', pcapFile([], LINK.ETHERNET));
  const good = file('good.pcap', session);

  it.each([
    ['a capture cut short', [cut], `capture-report: ${cut}: cut short in packet 8 (it needs 70 bytes, the file has 65 left); if the capture is still running, stop it first (docker compose stop capture)`],
    ['a file that is no capture', [text], `capture-report: ${text}: not a capture file: it starts with the bytes 48 61 6c 6f; give a pcap (tcpdump -w, the capture profile) or a pcapng (Wireshark's File → Save)`],
    ['a capture with no TCP', [empty], `capture-report: ${empty}: no TCP segments in its 0 packets; capture port 12345 while a client talks to the server (the capture profile does)`],
    ['a file that does not exist', [join(dir, 'missing.pcap')], `capture-report: cannot read ${join(dir, 'missing.pcap')} (ENOENT); give the path of a capture file, e.g. captures/lab.pcap (ls captures/)`],
    ['no file', [], 'capture-report: give one capture file; Usage: npm run capture-report -- FILE [--svg OUT.svg] [--connection N]'],
    ['two files', [good, good], 'capture-report: one capture file at a time, not 2; Usage: npm run capture-report -- FILE [--svg OUT.svg] [--connection N]'],
    ['an unknown option', [good, '--png'], /^capture-report: Unknown option '--png'.*; Usage: npm run capture-report -- FILE/],
    ['a connection that is no number', [good, '--connection', 'first'], 'capture-report: --connection takes a connection number from the table (1, 2, ...), not "first"'],
    ['a connection the capture does not have', [good, '--connection', '3'], 'capture-report: --connection 3: the capture has 1 TCP connection (give 1)'],
    ['an SVG in a folder that does not exist', [good, '--svg', join(dir, 'no', 'such.svg')], `capture-report: cannot write ${join(dir, 'no', 'such.svg')} (ENOENT); give --svg a path in a folder that exists, e.g. captures/lab.svg`],
  ])('%s', (_what, args, message) => {
    const result = captureReportCommand(args as string[]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(2);
    if (typeof message === 'string') expect(result.stderr).toBe(`${message}\n`);
    else expect(result.stderr).toMatch(message);
  });

  it('as a real process: the line on stderr, exit code 2, no stack trace', () => {
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register', 'tools/capture-report.ts', cut], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^capture-report: .*cut short in packet 8 .*\n$/);
  });
});

