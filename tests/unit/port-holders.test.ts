/**
 * What holds a TCP port, read from Linux's /proc/net/tcp and /proc/net/tcp6, and the one
 * sentence the server (and the checker) print when only TIME_WAIT connections hold it.
 * The table lines are copied from a real Linux 6.18 host (port 12345 is 3039 in hex).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePortHolders, heldOnlyByTimeWait, timeWaitSentence } from '../../server/port-holders';
import { countPortHolders, listeningAddresses, parseProcNetTcp, TCP_STATE_LISTEN, TCP_STATE_TIME_WAIT } from '../../server/proc-net-tcp';

const TCP_HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ';
const TCP6_HEADER =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

/** IPv4: a resolver listening on 127.0.0.11:33275, the classic server's side of two connections
 * in TIME_WAIT on 127.0.0.1:12345, a client's own TIME_WAIT towards 12345 (remote port), and a
 * connection to port 12345 from local port 14640 (0x3930, the digits of 3039 swapped). */
const TCP = [
  TCP_HEADER,
  '   0: 0B00007F:81FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1125 1 0000000036ecc89c 100 0 0 10 0                      ',
  '   1: 0100007F:3039 0100007F:A94C 06 00000000:00000000 03:0000176D 00000000     0        0 0 3 0000000068fbefd3                                      ',
  '   2: 0100007F:3039 0100007F:A950 06 00000000:00000000 03:000010CC 00000000     0        0 0 3 00000000aa51c0de                                      ',
  '   3: 0100007F:9A6C 0100007F:3039 06 00000000:00000000 03:0000176C 00000000     0        0 0 3 0000000064d5264e                                      ',
  '   4: 0100007F:3930 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 52713 1 00000000b1a2c3d4 20 4 30 10 -1                    ',
  '',
].join('\n');

/** IPv6: charcount-server listening dual-stack on [::]:12345, an IPv4 client's TIME_WAIT in the
 * IPv4-mapped form (::ffff:127.0.0.1), and an IPv6 client's from ::1. */
const TCP6 = [
  TCP6_HEADER,
  '   0: 00000000000000000000000000000000:3039 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 35821 1 000000002a69102c 100 0 0 10 0',
  '   1: 0000000000000000FFFF00000100007F:3039 0000000000000000FFFF00000100007F:9BB2 06 00000000:00000000 03:0000175A 00000000     0        0 0 3 000000000c84e383',
  '   3: 00000000000000000000000001000000:3039 00000000000000000000000001000000:B638 06 00000000:00000000 03:0000176E 00000000     0        0 0 3 000000004821b5d3',
  '',
].join('\n');

describe('listeningAddresses names the addresses a port listens on, as a client writes them', () => {
  it('reads IPv4 words in host byte order, IPv6 compressed, and IPv4-mapped IPv6 as IPv4', () => {
    expect(listeningAddresses([TCP], 33275)).toEqual(['127.0.0.11']);
    expect(listeningAddresses([TCP, TCP6], 12345)).toEqual(['::']);
    const debianHostName = TCP_HEADER + '\n   0: 0101007F:3039 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0\n';
    const loopback6 = TCP6_HEADER + '\n   0: 00000000000000000000000001000000:3039 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n';
    const mapped = TCP6_HEADER + '\n   0: 0000000000000000FFFF00000101007F:3039 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n';
    expect(listeningAddresses([debianHostName], 12345)).toEqual(['127.0.1.1']);
    expect(listeningAddresses([loopback6], 12345)).toEqual(['::1']);
    expect(listeningAddresses([mapped], 12345)).toEqual(['127.0.1.1']);
  });

  it('leaves out connections: only listening sockets count', () => {
    expect(listeningAddresses([TCP], 12345)).toEqual([]);
  });
});

describe('parseProcNetTcp reads one entry per socket line', () => {
  it('takes local and remote ports from hex, the state, the timer in 1/100 s as milliseconds, and the inode', () => {
    const entries = parseProcNetTcp(TCP);
    expect(entries).toHaveLength(5);
    expect(entries[0]).toEqual({ localAddressHex: '0B00007F', localPort: 33275, remotePort: 0, state: TCP_STATE_LISTEN, timerMs: 0, inode: 1125 });
    expect(entries[1]).toEqual({ localAddressHex: '0100007F', localPort: 12345, remotePort: 43340, state: TCP_STATE_TIME_WAIT, timerMs: 59_970, inode: 0 });
    expect(entries[4]).toEqual({ localAddressHex: '0100007F', localPort: 14640, remotePort: 8080, state: 0x01, timerMs: 0, inode: 52713 });
  });

  it('reads IPv6 and IPv4-mapped rows of /proc/net/tcp6 the same way', () => {
    expect(parseProcNetTcp(TCP6).map(({ localPort, remotePort, state }) => [localPort, remotePort, state])).toEqual([
      [12345, 0, TCP_STATE_LISTEN],
      [12345, 39858, TCP_STATE_TIME_WAIT],
      [12345, 46648, TCP_STATE_TIME_WAIT],
    ]);
  });

  it('skips the header, blank lines and anything that is not a socket line', () => {
    expect(parseProcNetTcp(`${TCP_HEADER}\n\n   0: nonsense 0100007F:3039 06\n   1: 0100007F:3039 0100007F:A94C XYZ\n`)).toEqual([]);
  });
});

describe('countPortHolders counts the sockets whose LOCAL port is the port', () => {
  it('counts TIME_WAIT on the server side only, not a client TIME_WAIT whose remote port is the port', () => {
    expect(countPortHolders([TCP], 12345)).toEqual({ listening: 0, timeWait: 2, timeWaitExpiresInMs: 59_970, closing: 0 });
  });

  it('adds tcp and tcp6 together, keeping the longest time left', () => {
    expect(countPortHolders([TCP, TCP6], 12345)).toEqual({ listening: 1, timeWait: 4, timeWaitExpiresInMs: 59_980, closing: 0 });
  });

  it('a port nobody uses has no holders; a port that only listens has no TIME_WAIT', () => {
    expect(countPortHolders([TCP, TCP6], 12346)).toEqual({ listening: 0, timeWait: 0, timeWaitExpiresInMs: 0, closing: 0 });
    expect(countPortHolders([TCP], 33275)).toEqual({ listening: 1, timeWait: 0, timeWaitExpiresInMs: 0, closing: 0 });
  });
});

describe('heldOnlyByTimeWait: whether waiting (not stopping a program) frees the port', () => {
  it('is true only with TIME_WAIT connections and no listener', () => {
    expect(heldOnlyByTimeWait({ listening: 0, timeWait: 2, timeWaitExpiresInMs: 1000, closing: 0 })).toBe(true);
    expect(heldOnlyByTimeWait({ listening: 1, timeWait: 2, timeWaitExpiresInMs: 1000, closing: 0 })).toBe(false);
    expect(heldOnlyByTimeWait({ listening: 0, timeWait: 0, timeWaitExpiresInMs: 0, closing: 0 })).toBe(false);
    expect(heldOnlyByTimeWait(null)).toBe(false);
  });
});

describe('timeWaitSentence', () => {
  it('names the count, the cause, the whole seconds left and the ss command', () => {
    expect(timeWaitSentence('port 12345', 12345, { listening: 0, timeWait: 3, timeWaitExpiresInMs: 59_970, closing: 0 })).toBe(
      "port 12345 is held by 3 connections in TIME_WAIT, left by a server that closed first without SO_REUSEADDR; they expire within 60 s (ss -tan state time-wait '( sport = :12345 )')",
    );
  });

  it('says "1 connection ... it expires", and never "within 0 s"', () => {
    expect(timeWaitSentence('127.0.0.1 port 8080', 8080, { listening: 0, timeWait: 1, timeWaitExpiresInMs: 0, closing: 0 })).toBe(
      "127.0.0.1 port 8080 is held by 1 connection in TIME_WAIT, left by a server that closed first without SO_REUSEADDR; it expires within 1 s (ss -tan state time-wait '( sport = :8080 )')",
    );
  });
});

describe('describePortHolders reads tcp and tcp6 from a /proc/net directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'port-holders-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const procNet = (name: string, files: Record<string, string>): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };

  it('counts over both tables', async () => {
    expect(await describePortHolders(12345, procNet('both', { tcp: TCP, tcp6: TCP6 }))).toEqual({
      listening: 1,
      timeWait: 4,
      timeWaitExpiresInMs: 59_980,
      closing: 0,
    });
  });

  it('answers from tcp alone when tcp6 is missing (IPv6 disabled)', async () => {
    expect(await describePortHolders(12345, procNet('v4-only', { tcp: TCP }))).toEqual({ listening: 0, timeWait: 2, timeWaitExpiresInMs: 59_970, closing: 0 });
  });

  it('is null where there are no tables to read (no /proc: macOS, Windows)', async () => {
    expect(await describePortHolders(12345, join(root, 'does-not-exist'))).toBeNull();
  });

  it('reads this machine\'s own tables by default', async () => {
    expect(await describePortHolders(1)).toEqual(process.platform === 'linux' ? expect.objectContaining({ listening: expect.any(Number) }) : null);
  });
});
