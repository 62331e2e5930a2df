/**
 * Graceful shutdown: SIGTERM answers everything clients already sent, ends each
 * connection, exits 0 and logs "shutdown complete"; a second signal exits at once; the
 * grace period bounds the wait.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../protocol';
import { LOOPBACK, WireClient, idReply, sleep, spawnServer, startServer, useLoopbackHarness, type ServerProcess } from './harness';
import { codePointsOf } from '../support/utf8-oracle';

useLoopbackHarness();

/** Behaves like a well-mannered client: closes its side once the server has ended the connection. */
function closeWhenServerEnds(client: WireClient): void {
  void client.ended.then(() => client.end());
}

/** Keeps writing a short line every 20 ms (bounded: at most `maxWrites`) until the connection ends. */
async function keepTalking(client: WireClient, maxWrites: number): Promise<void> {
  for (let i = 0; i < maxWrites && !client.isEnded && !client.socket.destroyed; i++) {
    await client.write('a\n').catch(() => undefined);
    await sleep(20);
  }
}

/** Starts reading a client that was connected with `read: false`; resolves with everything up to the server's FIN. */
function readAll(client: WireClient, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolveBytes, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error(`no end of stream within ${timeoutMs} ms`)), timeoutMs);
    client.socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = (): void => {
      clearTimeout(timer);
      client.end();
      resolveBytes(Buffer.concat(chunks));
    };
    client.socket.once('end', done);
    client.socket.once('close', done);
    client.socket.resume();
  });
}

const connectionRefused = (port: number): Promise<string> =>
  new Promise((resolveCode) => {
    const socket = connect({ host: LOOPBACK, port });
    socket.once('connect', () => {
      socket.destroy();
      resolveCode('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolveCode(error.code ?? error.message));
  });

describe('SIGTERM with messages in flight', () => {
  it('answers every message written before the signal, ends each connection, exits 0 within the grace period and logs "shutdown complete"', async () => {
    const server = await startServer();
    const CLIENTS = 5;
    const MESSAGES = 300;
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => WireClient.connect(server.port)));
    for (const client of clients) {
      closeWhenServerEnds(client);
      // One exchange first, so every connection is surely accepted before the signal.
      await client.write('siap\n');
      expect(await client.nextLine()).toBe(idReply(4));
    }
    const classic = await WireClient.connect(server.port);
    closeWhenServerEnds(classic);
    await classic.write('siap\n');
    await classic.nextLine();

    const messageFor = (c: number, m: number): string => `klien ${c} pesan ${m} ${'😀'.repeat(m % 5)}`;
    await Promise.all([
      ...clients.map((client, c) =>
        client.write(Array.from({ length: MESSAGES }, (_, m) => `${messageFor(c, m)}\n`).join('')),
      ),
      classic.write('Halo dunia'), // a classic client's message: no newline, waiting for the quiet period
    ]);
    const signalled = performance.now();
    server.signal('SIGTERM');

    const exit = await server.waitForExit(8000);
    const tookMs = performance.now() - signalled;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs, `exit ${tookMs.toFixed(0)} ms after SIGTERM (grace 5000 ms)`).toBeLessThan(5000);
    for (const [c, client] of clients.entries()) {
      await client.waitForEnd(2000);
      expect(client.unreadLines).toEqual(Array.from({ length: MESSAGES }, (_, m) => idReply(codePointsOf(messageFor(c, m)))));
    }
    await classic.waitForEnd(2000);
    expect(classic.unreadLines).toEqual([idReply(10)]);
    expect(server.linesMatching(/SIGTERM received: no longer accepting connections; finishing 6 open/)).toHaveLength(1);
    expect(server.linesMatching(/shutdown complete in \d+ ms: 6 connections drained, 0 closed at the grace deadline/)).toHaveLength(1);
  });

  // BUG (reported): while a client is not reading, the server stops reading from it
  // (backpressure); the shutdown's 200 ms "input has settled" timer then fires even though the
  // client never went quiet, and the server ends the connection with ~100k of the messages
  // written before SIGTERM unanswered, logs "an unterminated message was still arriving", and
  // exits 0 long before the grace period. The quiet period already pauses while the server is
  // not reading; the shutdown settle timer does not.
  it('answers every message written before SIGTERM even when the client reads its replies late', async () => {
    const server = await startServer({ args: ['--log-level', 'warn'] });
    const client = await WireClient.connect(server.port, { read: false });
    const MESSAGES = 150_000; // ~7 MB of replies: more than the loopback socket buffers hold
    await client.write('a\n'.repeat(MESSAGES));
    await sleep(300); // the server answers until its send buffer is full, then stops reading
    server.signal('SIGTERM');
    await sleep(400); // the client is busy for a moment before it reads its replies
    const reader = await readAll(client, 10_000);
    expect(await server.waitForExit(8000)).toEqual({ code: 0, signal: null });
    const replies = splitLines(reader).map((line) => line.toString('utf8'));
    expect(replies.length, `replies received for ${MESSAGES} messages written before SIGTERM`).toBe(MESSAGES);
    expect(replies.every((line) => line === idReply(1))).toBe(true);
    expect(server.linesMatching(/unterminated message/), 'no message was unterminated').toEqual([]);
  });

  it('refuses new connections once SIGTERM has arrived', async () => {
    const server = await startServer({ args: ['--shutdown-grace-ms', '3000'] });
    const busy = await WireClient.connect(server.port);
    await busy.write('a\n');
    await busy.nextLine();
    const talking = keepTalking(busy, 100);
    server.signal('SIGTERM');
    await server.waitForLine(/SIGTERM received/, 3000);
    expect(await connectionRefused(server.port)).toBe('ECONNREFUSED');
    busy.destroy();
    await talking;
    expect(await server.waitForExit(5000)).toEqual({ code: 0, signal: null });
  });

  it('with nothing connected, exits 0 at once', async () => {
    const server = await startServer();
    await sleep(200); // see the next test for a signal sent sooner
    server.signal('SIGINT');
    expect(await server.waitForExit(3000)).toEqual({ code: 0, signal: null });
    expect(server.linesMatching(/SIGINT received/)).toHaveLength(1);
    expect(server.linesMatching(/shutdown complete in \d+ ms: 0 connections drained, 0 closed at the grace deadline/)).toHaveLength(1);
  });
});

describe('a signal right after the startup line', () => {
  // BUG (reported): main.ts logs "charcount-server listening on ..." inside server.listen()
  // and installs its SIGTERM/SIGINT handlers only after that; a supervisor (or test) that
  // sends SIGTERM as soon as it reads the startup line often kills the process with the
  // default signal action: no graceful shutdown, no "shutdown complete", exit by signal.
  // Measured here: about 3 in 4 attempts.
  it('SIGTERM sent the moment the startup line is read still shuts down gracefully (exit 0), 8 tries', async () => {
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const server = spawnServer();
      await server.waitForLine(/charcount-server listening on/, 10_000);
      server.signal('SIGTERM');
      const exit = await server.waitForExit(5000);
      outcomes.push(exit.code === 0 ? 'exit 0' : `killed by ${exit.signal ?? `exit ${exit.code}`}`);
    }
    expect(outcomes).toEqual(Array(8).fill('exit 0'));
  });
});

describe('a shutdown that cannot finish', () => {
  /** A server in graceful shutdown that a chatty client keeps from finishing. */
  async function stuckInShutdown(graceMs: number): Promise<{ server: ServerProcess; client: WireClient; talking: Promise<void> }> {
    const server = await startServer({ args: ['--shutdown-grace-ms', String(graceMs)] });
    const client = await WireClient.connect(server.port);
    await client.write('a\n');
    await client.nextLine();
    const talking = keepTalking(client, 250); // at most ~5 s
    await sleep(50);
    server.signal('SIGTERM');
    await server.waitForLine(/SIGTERM received/, 3000);
    await sleep(300);
    expect(server.exit, 'the server should still be draining the chatty client').toBeUndefined();
    return { server, client, talking };
  }

  it('a second SIGTERM exits at once with 143 and logs why', async () => {
    const { server, client, talking } = await stuckInShutdown(20_000);
    const second = performance.now();
    server.signal('SIGTERM');
    expect(await server.waitForExit(2000)).toEqual({ code: 143, signal: null });
    expect(performance.now() - second).toBeLessThan(2000);
    expect(server.linesMatching(/second SIGTERM: exiting now/)).toHaveLength(1);
    client.destroy();
    await talking;
  });

  it('SIGINT after SIGTERM (Ctrl-C during docker stop) exits at once with 130', async () => {
    const { server, client, talking } = await stuckInShutdown(20_000);
    server.signal('SIGINT');
    expect(await server.waitForExit(2000)).toEqual({ code: 130, signal: null });
    expect(server.linesMatching(/second SIGINT: exiting now/)).toHaveLength(1);
    client.destroy();
    await talking;
  });

  it('closes the connection at the grace deadline and still exits 0', async () => {
    const { server, client, talking } = await stuckInShutdown(700);
    expect(await server.waitForExit(4000)).toEqual({ code: 0, signal: null });
    expect(server.linesMatching(/shutdown complete in \d+ ms: 0 connections drained, 1 closed at the grace deadline/)).toHaveLength(1);
    await client.waitForEnd(2000);
    await talking;
    // Every line the client sent before the connection was closed got a reply ("a" is 1 character).
    expect(client.lines.every((line) => line === idReply(1))).toBe(true);
  });
});
