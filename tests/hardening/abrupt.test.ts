/**
 * Abrupt endings: a reset (RST) in the middle of a message, a half-close in the middle of a
 * multi-byte character, a disconnect while replies are queued. After each: the server is
 * still running, printed nothing on stderr (where an unhandled exception would go), logged
 * the connection as closed, and holds no more file descriptors than before.
 */
import { describe, expect, it } from 'vitest';
import { WireClient, idReply, sleep, startServer, useLoopbackHarness, type ServerProcess } from '../loopback/harness';
import { expectFdsBackTo, expectStillHealthy, fdBaseline } from './checks';

useLoopbackHarness();

const truncated = (offset: number, length: number, lead: string): string =>
  `ERROR invalid UTF-8 at byte ${offset}: the message ends inside a ${length}-byte sequence that starts with ${lead}; the message was not counted`;

/** Waits for the server's "connection closed <peer> (<reason>)" log line and returns it (call before the socket is destroyed). */
function closedLine(server: ServerProcess, client: WireClient, timeoutMs = 5000): Promise<string> {
  return server.waitForLine(new RegExp(`connection closed 127\\.0\\.0\\.1:${client.socket.localPort} `), timeoutMs);
}

/** A client that has had one exchange (so the server surely accepted it). */
async function connected(server: ServerProcess): Promise<WireClient> {
  const client = await WireClient.connect(server.port);
  await client.write('halo\n');
  expect(await client.nextLine()).toBe(idReply(4));
  return client;
}

describe('a reset (RST) from the client', () => {
  it('in the middle of a message, of a multi-byte character, of a 1 MB message and of a discarded oversized one: each closed as "reset", nothing leaked', async () => {
    const server = await startServer({ args: ['--max-message-bytes', '100000'] });
    const baseline = await fdBaseline(server);
    const halves: [string, Buffer][] = [
      ['half a message', Buffer.from('Halo du')],
      ['half a 4-byte character', Buffer.from([0x61, 0xf0, 0x9f, 0x98])],
      ['half of a 1 MB message', Buffer.alloc(1_000_000, 'é').subarray(0, 999_999)],
      ['an oversized message being discarded', Buffer.alloc(300_000, 'x')],
      ['a complete message and half of the next', Buffer.from('satu\ndu')],
    ];
    for (const [what, bytes] of halves) {
      const client = await connected(server);
      await client.write(bytes);
      await sleep(20);
      const closed = closedLine(server, client);
      client.socket.resetAndDestroy();
      expect(await closed, what).toMatch(/\(reset\): /);
      await expectFdsBackTo(server, baseline, `a reset in ${what}`);
    }
    expectStillHealthy(server, 'resets');
    // And it still serves.
    const after = await connected(server);
    after.destroy();
  });
});

describe('a half-close (FIN) in the middle of a multi-byte character', () => {
  it('is answered with the "ends inside a sequence" ERROR for exactly the bytes received, then the server ends the connection and frees it', async () => {
    const server = await startServer();
    const baseline = await fdBaseline(server);
    const cases: [Buffer, string][] = [
      [Buffer.from([0x68, 0x61, 0x72, 0x67, 0x61, 0x20, 0xe2, 0x82]), truncated(6, 3, '0xE2')], // "harga " + € cut short
      [Buffer.from([0xf0, 0x9f, 0x98]), truncated(0, 4, '0xF0')],
      [Buffer.from([0x61, 0xc3]), truncated(1, 2, '0xC3')],
      [Buffer.concat([Buffer.from('satu\n'), Buffer.from([0xe6, 0x97])]), truncated(0, 3, '0xE6')],
    ];
    for (const [bytes, expected] of cases) {
      const client = await WireClient.connect(server.port);
      // The last byte in a write of its own, right before the FIN.
      await client.write(bytes.subarray(0, -1));
      await sleep(5);
      await client.write(bytes.subarray(-1));
      const closed = closedLine(server, client);
      client.end();
      await client.waitForEnd(3000);
      const replies = bytes.includes(0x0a) ? [idReply(4), expected] : [expected];
      expect(client.lines).toEqual(replies);
      expect(await closed).toMatch(/\(client closed\): /);
      await expectFdsBackTo(server, baseline, 'a half-close inside a character');
    }

    // Half-close inside a character, then a reset before reading the reply.
    const rude = await WireClient.connect(server.port);
    await rude.write(Buffer.from([0xe2, 0x82]));
    const rudeClosed = closedLine(server, rude);
    rude.end();
    rude.socket.resetAndDestroy();
    await rudeClosed;
    await expectFdsBackTo(server, baseline, 'a half-close then a reset');
    expectStillHealthy(server, 'half-closes inside characters');
  });
});

describe('a disconnect while replies are queued', () => {
  it('by close or by reset, with replies backed up in the server, after a half-close, or during a classic quiet period: all freed, no crash', async () => {
    const server = await startServer({ args: ['--log-level', 'warn'] });
    const baseline = await fdBaseline(server);
    const backlog = Buffer.from('x\n'.repeat(300_000)); // ~15 MB of replies: the server stops reading, replies wait in its buffers

    const closer = await WireClient.connect(server.port, { read: false });
    closer.socket.write(backlog);
    await sleep(300);
    closer.destroy(); // FIN with unread data in our receive buffer: the kernel sends RST
    await expectFdsBackTo(server, baseline, 'a disconnect with replies queued');

    const resetter = await WireClient.connect(server.port, { read: false });
    resetter.socket.write(backlog);
    await sleep(300);
    resetter.socket.resetAndDestroy();
    await expectFdsBackTo(server, baseline, 'a reset with replies queued');

    // Half-close with replies queued (the server is ending the connection), then disappear.
    const ender = await WireClient.connect(server.port, { read: false });
    ender.socket.write(backlog);
    ender.end();
    await sleep(300);
    ender.destroy();
    await expectFdsBackTo(server, baseline, 'a half-close, then a disconnect, with replies queued');

    // A classic message waiting for its quiet period when the client resets.
    const classic = await WireClient.connect(server.port);
    await classic.write('Halo dunia');
    classic.socket.resetAndDestroy();
    await sleep(300); // the quiet period (150 ms) passes after the reset
    await expectFdsBackTo(server, baseline, 'a reset during the quiet period');

    // 150 at once, each ending abruptly in one of those ways.
    const many = await Promise.all(Array.from({ length: 150 }, () => WireClient.connect(server.port, { read: false })));
    await Promise.all(
      many.map(async (client, i) => {
        client.socket.write(i % 2 === 0 ? Buffer.from('y\n'.repeat(20_000)) : Buffer.from([0x61, 0xe2, 0x82]));
        await sleep(i % 7);
        if (i % 3 === 0) client.socket.resetAndDestroy();
        else if (i % 3 === 1) client.destroy();
        else {
          client.end();
          await sleep(5);
          client.destroy();
        }
      }),
    );
    await expectFdsBackTo(server, baseline, '150 abrupt endings at once', 10_000);
    expectStillHealthy(server, 'disconnects with replies queued');

    const after = await WireClient.connect(server.port);
    await after.write('masih hidup\n');
    expect(await after.nextLine()).toBe(idReply(11));
  });
});
