/**
 * Bounded load on loopback: many concurrent connections, and a client that floods the
 * server without reading its replies. Every loop here is bounded in count and time.
 */
import { describe, expect, it } from 'vitest';
import { WireClient, idReply, inBatches, sleep, startServer, useLoopbackHarness } from './harness';
import { codePointsOf } from '../support/utf8-oracle';

useLoopbackHarness();

describe('many clients at once', () => {
  it('250 concurrent connections × 5 messages each all get their own correct replies, in order', async () => {
    const server = await startServer();
    const CONNECTIONS = 250;
    const MESSAGES = 5;
    // Connect in batches of 50 so the listen backlog is never the thing under test.
    const clients = await inBatches(CONNECTIONS, 50, () => WireClient.connect(server.port, { timeoutMs: 10_000 }));
    // All 250 are open at the same time on the server.
    await server.waitForLine(/connection from .* \(250 open\)$/, 10_000);
    const messageFor = (c: number, m: number): string => `klien ${c} pesan ${m} ${'é'.repeat((c * 7 + m) % 23)}`;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client, c) => {
        // Two messages one at a time, then the rest pipelined in one write.
        for (let m = 0; m < 2; m++) {
          await client.write(`${messageFor(c, m)}\n`);
          expect(await client.nextLine(15_000)).toBe(idReply(codePointsOf(messageFor(c, m))));
        }
        const rest = Array.from({ length: MESSAGES - 2 }, (_, i) => i + 2);
        await client.write(rest.map((m) => `${messageFor(c, m)}\n`).join(''));
        expect(await client.nextLines(rest.length, 15_000)).toEqual(rest.map((m) => idReply(codePointsOf(messageFor(c, m)))));
      }),
    );
    const elapsed = performance.now() - started;
    expect(elapsed, `250 × 5 exchanges took ${elapsed.toFixed(0)} ms`).toBeLessThan(20_000);
    expect(clients.every((client) => !client.isEnded)).toBe(true);
    expect(clients.every((client) => client.unreadLines.length === 0), 'no extra replies').toBe(true);
    await server.waitForLine(() => server.linesMatching(/ characters$/).length >= CONNECTIONS * MESSAGES, 5000);
    expect(server.linesMatching(/ characters$/)).toHaveLength(CONNECTIONS * MESSAGES);
    expect(server.exit).toBeUndefined();
  });
});

describe('a client that floods without reading', () => {
  it('does not stop another client being answered within 2 s, and the server stops reading from it instead of buffering replies', async () => {
    const server = await startServer();
    const flooder = await WireClient.connect(server.port, { read: false });
    // 20 MB of short lines, written without ever reading a reply. The writes back up in
    // this process once the server stops reading; that is the point.
    const line = 'abcdefghijklmnopqrstuvwxyz01234\n'; // 32 bytes, 31 characters
    const chunk = Buffer.from(line.repeat(2048)); // 64 KiB
    const totalMessages = (20 * 1024 * 1024) / line.length;
    for (let written = 0; written < 20 * 1024 * 1024; written += chunk.length) flooder.socket.write(chunk);

    const other = await WireClient.connect(server.port);
    const sent = performance.now();
    await other.write('Halo dunia\n');
    expect(await other.nextLine(2000)).toBe(idReply(10));
    const rtt = performance.now() - sent;
    expect(rtt, `reply took ${rtt.toFixed(0)} ms`).toBeLessThan(2000);

    // The server answers the flooder until its send buffer is full, then stops reading:
    // the number of messages it has handled stops growing, far below the 655360 sent.
    const flooderPeer = `127.0.0.1:${flooder.socket.localPort} "abcdefghijklmnopqrstuvwxyz01234" -> 31 characters`;
    const handled = (): number => server.stdoutLines.filter((l) => l.endsWith(flooderPeer)).length;
    let previous = -1;
    for (let i = 0; i < 30 && handled() !== previous; i++) {
      previous = handled();
      await sleep(300);
    }
    expect(handled(), 'the count of handled flood messages should settle').toBe(previous);
    expect(handled(), 'messages handled while the flooder reads nothing').toBeLessThan(totalMessages / 2);
    expect(flooder.socket.writableLength, 'the flood should be backed up by TCP flow control').toBeGreaterThan(0);

    // And it still answers others while the flood is stuck.
    await other.write('lagi\n');
    expect(await other.nextLine(2000)).toBe(idReply(4));
    flooder.destroy();
    expect(server.exit).toBeUndefined();
  });
});

describe('one read holding more messages than the server answers in one go', () => {
  it('is answered in full and in order while other connections are being read meanwhile', async () => {
    const server = await startServer();
    const slices = await WireClient.connect(server.port);
    const others = await Promise.all(Array.from({ length: 4 }, () => WireClient.connect(server.port)));
    // 5,000 messages in one write: the server answers 1,024 per turn and keeps the rest for
    // later turns, while the other connections' reads go through the same read buffer.
    const MESSAGES = 5000;
    const otherLine = `${'z'.repeat(4000)}\n`;
    const ROUNDS = 20;
    const othersDone = Promise.all(
      others.map(async (other) => {
        for (let round = 0; round < ROUNDS; round++) {
          await other.write(otherLine.repeat(8));
          expect(await other.nextLines(8, 10_000)).toEqual(new Array(8).fill(idReply(4000)));
        }
      }),
    );
    await slices.write('é\n'.repeat(MESSAGES));
    const replies = await slices.nextLines(MESSAGES, 15_000);
    expect(replies.filter((reply) => reply !== idReply(1)), 'replies other than "1"').toEqual([]);
    await othersDone;
    expect(server.exit).toBeUndefined();
  });
});
