/**
 * Limits under attack, beyond what tests/loopback/limit-error-lines.test.ts already shows with small
 * settings: the real default limit (16 MiB) at and one byte over, a line that never ends
 * (with memory measured), a 1-byte-per-second dribble against the idle timeout, and a burst
 * of connections over the maximum (with the server's descriptors counted).
 */
import { describe, expect, it } from 'vitest';
import { WireClient, idReply, inBatches, sleep, startServer, useLoopbackHarness } from '../loopback/harness';
import { expectFdsBackTo, expectStillHealthy, fdBaseline } from './checks';
import { HAVE_PROC, mib, openSockets, peakRssKiB, rssKiB } from './proc';

useLoopbackHarness();

const MiB = 1024 * 1024;
const tooLong = (limit: number): string => `ERROR message longer than ${limit} bytes; the rest of it up to the next newline is discarded`;
const idle = (seconds: string): string => `ERROR no complete message for ${seconds}; closing the connection (end a message sooner to stay connected)`;

/** Writes whole copies of `unit`, about 1 MiB per write, until `total` bytes are sent (rounded down to whole units); returns the bytes sent. */
async function writeRun(client: WireClient, unit: string, total: number): Promise<number> {
  const unitBytes = Buffer.byteLength(unit);
  const chunk = Buffer.alloc(MiB - (MiB % unitBytes), unit);
  let written = 0;
  while (written + unitBytes <= total) {
    const size = Math.min(chunk.length, total - written - ((total - written) % unitBytes));
    await client.write(chunk.subarray(0, size));
    written += size;
  }
  return written;
}

/**
 * Peak RSS may rise while a long message streams through, because each 64 KiB read is a new
 * Buffer that V8 frees lazily (it collects when external memory passes a 64 MiB soft limit).
 * A server that kept the message would instead grow by its whole length: 256 MiB here.
 */
const STREAMED = 256 * MiB;
const STREAMING_GROWTH_LIMIT_KIB = 128 * 1024;

describe('the default 16 MiB message limit (MAX_MESSAGE_BYTES unset)', () => {
  it('counts a message of exactly 16 MiB (with LF and with CR LF), refuses 16 MiB + 1 byte with one ERROR, and counts the next; memory does not grow with message length', async () => {
    const server = await startServer({ args: ['--log-level', 'warn'] });
    const client = await WireClient.connect(server.port);
    const rssBefore = HAVE_PROC ? rssKiB(server.pid) : 0;
    const LIMIT = 16 * MiB;
    const e = Buffer.from('é'); // 2 bytes, 1 character: 8 Mi of them are exactly 16 MiB
    const exact = Buffer.alloc(LIMIT, e);
    await client.write(exact);
    await client.write('\n');
    expect(await client.nextLine(20_000)).toBe(idReply(LIMIT / 2));
    await client.write(exact);
    await client.write('\r\n'); // the CR of CR LF is not part of the message
    expect(await client.nextLine(20_000)).toBe(idReply(LIMIT / 2));
    await client.write('a');
    await client.write(exact); // 16 MiB + 1
    expect(await client.nextLine(20_000)).toBe(tooLong(LIMIT));
    await client.write('\nHalo dunia\n');
    expect(await client.nextLine(5000)).toBe(idReply(10));
    await sleep(100);
    expect(client.unreadLines, 'one reply per message, nothing more').toEqual([]);
    if (HAVE_PROC) {
      const growth = peakRssKiB(server.pid) - rssBefore;
      process.stdout.write(`[hardening/limits-under-attack] 3 × 16 MiB messages: server RSS ${mib(rssBefore)} before, peak +${mib(growth)}\n`);
    }
    expectStillHealthy(server, '16 MiB messages');
  });
});

describe('a line that never ends', () => {
  it('256 MiB without a newline gets exactly one ERROR (at 16 MiB), memory stays bounded, and the newline ends the discarding', async () => {
    const server = await startServer({ args: ['--quiet-period-ms', '0', '--log-level', 'warn'] });
    const client = await WireClient.connect(server.port);
    const rssBefore = HAVE_PROC ? rssKiB(server.pid) : 0;
    await writeRun(client, 'x', STREAMED);
    expect(await client.nextLine(20_000)).toBe(tooLong(16 * MiB));
    await sleep(200);
    expect(client.unreadLines, 'still discarding: no second reply').toEqual([]);
    const growth = HAVE_PROC ? peakRssKiB(server.pid) - rssBefore : 0;
    await client.write('\nHalo dunia\n');
    expect(await client.nextLine()).toBe(idReply(10));
    if (HAVE_PROC) {
      process.stdout.write(`[hardening/limits-under-attack] 256 MiB line, default limit: server RSS ${mib(rssBefore)} before, peak +${mib(growth)}\n`);
      expect(growth, `peak RSS growth while discarding 240 MiB (${mib(growth)})`).toBeLessThan(STREAMING_GROWTH_LIMIT_KIB);
    }
    expectStillHealthy(server, 'a 256 MiB line');
  });

  it('with no limit (--max-message-bytes 0) a 256 MiB line is counted while it streams: memory stays bounded and the count is exact', async () => {
    const server = await startServer({ args: ['--quiet-period-ms', '0', '--max-message-bytes', '0', '--log-level', 'warn'] });
    const client = await WireClient.connect(server.port);
    const rssBefore = HAVE_PROC ? rssKiB(server.pid) : 0;
    const sent = await writeRun(client, '日', STREAMED); // whole 3-byte characters
    await sleep(100);
    expect(client.unreadLines).toEqual([]);
    await client.write('\n');
    expect(await client.nextLine(20_000)).toBe(idReply(sent / 3));
    if (HAVE_PROC) {
      const growth = peakRssKiB(server.pid) - rssBefore;
      process.stdout.write(`[hardening/limits-under-attack] 256 MiB line, no limit: server RSS ${mib(rssBefore)} before, peak +${mib(growth)}\n`);
      expect(growth, `peak RSS growth while counting a 256 MiB line (${mib(growth)})`).toBeLessThan(STREAMING_GROWTH_LIMIT_KIB);
    }
    expectStillHealthy(server, 'an unlimited 256 MiB line');
  });
});

describe('slowloris: one byte a second, never a newline', () => {
  /** Sends one byte a second (at most `maxBytes`) until the server ends the connection; resolves with the bytes sent. */
  async function dribble(client: WireClient, maxBytes: number): Promise<number> {
    let sent = 0;
    while (sent < maxBytes && !client.isEnded) {
      await client.write('z').catch(() => undefined);
      sent++;
      await client.within(() => client.isEnded, 1000);
    }
    return sent;
  }

  it('is closed at the idle timeout (3 s) in strict line mode and with a quiet period longer than its 1 s gaps; with the default 150 ms quiet period each byte is a classic message, answered', async () => {
    const strict = await startServer({ args: ['--quiet-period-ms', '0', '--idle-timeout-ms', '3000'] });
    const slowQuiet = await startServer({ args: ['--quiet-period-ms', '2000', '--idle-timeout-ms', '3000'] });
    const classic = await startServer({ args: ['--idle-timeout-ms', '3000'] });
    const [a, b, c] = await Promise.all([strict, slowQuiet, classic].map((server) => WireClient.connect(server.port)));
    const started = performance.now();
    const [sentA, sentB, sentC] = await Promise.all([dribble(a, 8), dribble(b, 8), dribble(c, 5)]);

    for (const [client, sent, name] of [[a, sentA, 'strict'], [b, sentB, 'quiet 2000 ms']] as const) {
      const closedAfter = (client.endedAt ?? client.closedAt ?? performance.now()) - started;
      expect(client.lines, name).toEqual([idle('3 s')]);
      expect(closedAfter, `${name}: closed after ${closedAfter.toFixed(0)} ms`).toBeGreaterThanOrEqual(2900);
      expect(closedAfter, `${name}: closed after ${closedAfter.toFixed(0)} ms`).toBeLessThan(4500);
      expect(sent, `${name}: bytes dribbled before the close`).toBeLessThanOrEqual(4);
    }
    // Default quiet period: each byte, followed by a second of silence, is a complete classic
    // message (protocol rule 6), so the connection is never idle.
    expect(sentC).toBe(5);
    expect(c.isEnded).toBe(false);
    expect(await c.nextLines(5, 1000)).toEqual(Array(5).fill(idReply(1)));
    for (const server of [strict, slowQuiet, classic]) expectStillHealthy(server, 'a dribble');
  });
});

describe('a burst of connections over --max-connections 100', () => {
  it('60 extra connections at once each get exactly the ERROR line and are closed; the 100 open ones keep being answered; no descriptor leaks', async () => {
    const server = await startServer({ args: ['--max-connections', '100', '--log-level', 'warn'] });
    const baseline = await fdBaseline(server);
    const socketsBefore = HAVE_PROC ? openSockets(server.pid) : 0; // the listening socket, and stdio (socket pairs)
    const open = await inBatches(100, 25, async (i) => {
      const client = await WireClient.connect(server.port);
      await client.write(`klien ${i}\n`);
      expect(await client.nextLine()).toBe(idReply(`klien ${i}`.length));
      return client;
    });
    if (HAVE_PROC) expect(openSockets(server.pid) - socketsBefore, 'client sockets open in the server').toBe(100);

    // 60 at once: 20 read politely, 20 send a message first and never read, 20 reset at once.
    const extra = await Promise.all(Array.from({ length: 60 }, () => WireClient.connect(server.port, { read: true })));
    await Promise.all(
      extra.map(async (client, i) => {
        if (i % 3 === 1) await client.write('boleh masuk?\n').catch(() => undefined);
        if (i % 3 === 2) client.socket.resetAndDestroy();
      }),
    );
    const full = 'ERROR server full: 100 connections already open; closing this one, try again later';
    for (const [i, client] of extra.entries()) {
      if (i % 3 === 2) continue;
      await client.waitForEnd(3000);
      expect(client.lines, `extra connection ${i}`).toEqual([full]);
    }
    // The 100 are unaffected: still open, and each answers a pipelined pair at once.
    await Promise.all(
      open.map(async (client, i) => {
        expect(client.isEnded).toBe(false);
        await client.write(`masih ${i}\nKafé 😀\n`);
        expect(await client.nextLines(2)).toEqual([idReply(`masih ${i}`.length), idReply(6)]);
      }),
    );
    for (const client of extra) client.destroy();
    // Refused sockets are all gone: only the 100 remain.
    if (HAVE_PROC) await expectFdsBackTo(server, baseline + 100, 'the refused burst');
    for (const client of open) client.end();
    await expectFdsBackTo(server, baseline, 'every client left');
    expectStillHealthy(server, 'a burst over the connection limit');
  });
});
