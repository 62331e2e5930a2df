/**
 * The three limits, each answered with an ERROR line: message length
 * (MAX_MESSAGE_BYTES), idle connections (IDLE_TIMEOUT_MS), and connection count
 * (MAX_CONNECTIONS).
 */
import { describe, expect, it } from 'vitest';
import { WireClient, idReply, sleep, startServer, useLoopbackHarness } from './harness';

useLoopbackHarness();

const tooLong = (limit: number): string =>
  `ERROR message longer than ${limit} bytes; the rest of it up to the next newline is discarded`;

describe('--max-message-bytes 100', () => {
  it('counts 100 bytes, answers 101 bytes with one ERROR, and counts the following message', async () => {
    const server = await startServer({ args: ['--max-message-bytes', '100'] });
    const client = await WireClient.connect(server.port);
    await client.write(`${'a'.repeat(100)}\n${'b'.repeat(101)}\nsesudahnya\n`);
    expect(await client.nextLines(3)).toEqual([idReply(100), tooLong(100), idReply(10)]);
    await sleep(200);
    expect(client.unreadLines, 'the oversized message must get exactly one reply').toEqual([]);
  });

  it('measures the limit in bytes, not characters, and does not count the CR of CR LF', async () => {
    const server = await startServer({ args: ['--max-message-bytes', '100'] });
    const client = await WireClient.connect(server.port);
    await client.write(`${'é'.repeat(50)}\n${'é'.repeat(51)}\n${'a'.repeat(100)}\r\n${'a'.repeat(100)}\rb\n`);
    expect(await client.nextLines(4)).toEqual([idReply(50), tooLong(100), idReply(100), tooLong(100)]);
  });

  it('decides a 100-byte message ending in CR only when the next byte arrives: LF in a later write still counts 100', async () => {
    const server = await startServer({ args: ['--max-message-bytes', '100'] });
    const client = await WireClient.connect(server.port);
    await client.write(`${'a'.repeat(100)}\r`);
    await sleep(30);
    await client.write('\n');
    expect(await client.nextLine()).toBe(idReply(100));
    await client.write(`${'a'.repeat(100)}\r`);
    await sleep(30);
    await client.write('b\n');
    expect(await client.nextLine()).toBe(tooLong(100));
    await client.write(`${'a'.repeat(100)}\r`); // classic: no LF follows, so the CR is a 101st byte
    expect(await client.nextLine(3000)).toBe(tooLong(100));
    await client.write('ok\n');
    expect(await client.nextLine()).toBe(idReply(2));
  });

  it('sends the ERROR as soon as the limit is crossed, before the newline arrives, and discards the rest up to it', async () => {
    const server = await startServer({ args: ['--max-message-bytes', '100', '--quiet-period-ms', '0'] });
    const client = await WireClient.connect(server.port);
    await client.write('x'.repeat(150));
    expect(await client.nextLine(3000)).toBe(tooLong(100));
    // More of the same message, still no newline: no further reply.
    await client.write('y'.repeat(500));
    await sleep(200);
    expect(client.unreadLines).toEqual([]);
    // Its newline ends the discarding; the next message is counted.
    await client.write('zzz\nHalo dunia\n');
    expect(await client.nextLine()).toBe(idReply(10));
    await sleep(100);
    expect(client.unreadLines).toEqual([]);
  });

  it('with the quiet period on, a pause also ends the discarding so a classic client can go on', async () => {
    const server = await startServer({ args: ['--max-message-bytes', '100'] });
    const client = await WireClient.connect(server.port);
    await client.write('x'.repeat(300));
    expect(await client.nextLine(3000)).toBe(tooLong(100));
    await sleep(400);
    await client.write('Halo dunia');
    expect(await client.nextLine(3000)).toBe(idReply(10));
  });
});

describe('--idle-timeout-ms 300', () => {
  it('sends an ERROR line and closes a connection that sends nothing', async () => {
    const server = await startServer({ args: ['--idle-timeout-ms', '300'] });
    const client = await WireClient.connect(server.port);
    const connected = performance.now();
    await client.waitForEnd(5000);
    const after = (client.endedAt ?? client.closedAt ?? performance.now()) - connected;
    expect(client.lines).toEqual([
      'ERROR no complete message for 0.3 s; closing the connection (end a message sooner to stay connected)',
    ]);
    expect(after, `closed after ${after.toFixed(0)} ms`).toBeGreaterThanOrEqual(250);
    expect(after, `closed after ${after.toFixed(0)} ms`).toBeLessThan(3000);
  });

  it('keeps a connection that completes a message more often than that', async () => {
    const server = await startServer({ args: ['--idle-timeout-ms', '300'] });
    const client = await WireClient.connect(server.port);
    for (let i = 0; i < 6; i++) {
      await client.write('hai\n');
      expect(await client.nextLine()).toBe(idReply(3));
      await sleep(100);
    }
    // 600+ ms in total, never 300 ms without a message.
    expect(client.isEnded).toBe(false);
  });

  it('closes a connection that keeps sending bytes but never completes a message (strict line mode)', async () => {
    const server = await startServer({ args: ['--idle-timeout-ms', '300', '--quiet-period-ms', '0'] });
    const client = await WireClient.connect(server.port);
    for (let i = 0; i < 20 && !client.isEnded; i++) {
      await client.write('a').catch(() => undefined);
      await sleep(50);
    }
    await client.waitForEnd(3000);
    expect(client.lines).toEqual([
      'ERROR no complete message for 0.3 s; closing the connection (end a message sooner to stay connected)',
    ]);
  });
});

describe('--max-connections 3', () => {
  it('answers the 4th connection with "ERROR server full" and closes it; the first 3 still answer', async () => {
    const server = await startServer({ args: ['--max-connections', '3'] });
    const first = await Promise.all([0, 1, 2].map(() => WireClient.connect(server.port)));
    // Each is accepted (answered) before the 4th arrives.
    for (const [i, client] of first.entries()) {
      await client.write(`klien ${i}\n`);
      expect(await client.nextLine()).toBe(idReply(7));
    }
    const fourth = await WireClient.connect(server.port);
    await fourth.waitForEnd(3000);
    expect(fourth.lines).toEqual(['ERROR server full: 3 connections already open; closing this one, try again later']);
    for (const client of first) {
      await client.write('masih\n');
      expect(await client.nextLine()).toBe(idReply(5));
      expect(client.isEnded).toBe(false);
    }
  });

  it('accepts a new connection once one of the 3 has left', async () => {
    const server = await startServer({ args: ['--max-connections', '3'] });
    const clients = await Promise.all([0, 1, 2].map(() => WireClient.connect(server.port)));
    for (const client of clients) {
      await client.write('a\n');
      await client.nextLine();
    }
    clients[0].end();
    await clients[0].waitForEnd(3000);
    await server.waitForLine(/connection closed .*\(2 open\)/, 3000);
    const next = await WireClient.connect(server.port);
    await next.write('Halo dunia\n');
    expect(await next.nextLine()).toBe(idReply(10));
  });
});
