/**
 * SIGTERM under load: 100 clients are pipelining when the signal arrives and go on for a
 * moment after it, as real clients would. Every message the server received before the
 * signal (and every message written before it) is answered, correctly and in order; the
 * process exits 0 within the grace period; the log says how many connections it drained.
 * (tests/loopback/graceful-shutdown.test.ts covers messages already written before the signal.)
 */
import { describe, expect, it } from 'vitest';
import { WireClient, idReply, sleep, startServer, useLoopbackHarness } from '../loopback/harness';

useLoopbackHarness();

const CLIENTS = 100;
const BATCH = 5;
const GRACE_MS = 5000;

interface Talker {
  client: WireClient;
  peer: string;
  /** Messages handed to the kernel (write callback) so far. */
  written: number;
  writtenBeforeSignal: number;
  done: Promise<void>;
}

const text = (c: number, m: number): string => `klien ${c} pesan ${m}${m % 4 === 0 ? ' 😀' : m % 4 === 1 ? ' é\r' : ''}`;
const replyTo = (c: number, m: number): string => idReply([...text(c, m).replace(/\r$/, '')].length);
const line = (c: number, m: number): string => `${text(c, m)}${m % 4 === 1 ? '\n' : m % 2 ? '\r\n' : '\n'}`;

describe(`SIGTERM while ${CLIENTS} clients pipeline`, () => {
  it('answers every message received before the signal, exits 0 within the grace period, and logs 100 connections drained', async () => {
    const server = await startServer();
    const talkers: Talker[] = [];
    let signalled = false;
    let signalAt = 0;
    for (let c = 0; c < CLIENTS; c++) {
      const client = await WireClient.connect(server.port);
      await client.write('siap\n');
      expect(await client.nextLine()).toBe(idReply(4));
      void client.ended.then(() => client.end()); // a well-behaved client closes once the server has
      const talker: Talker = { client, peer: `127.0.0.1:${client.socket.localPort}`, written: 0, writtenBeforeSignal: 0, done: Promise.resolve() };
      talkers.push(talker);
    }

    // Each client writes a batch of 5 messages every 5-25 ms; after the signal it goes on for up to 300 ms more, then stops.
    for (const [c, talker] of talkers.entries()) {
      const keepOnAfterSignal = (c * 37) % 300;
      talker.done = (async () => {
        for (let round = 0; round < 1000; round++) {
          if (talker.client.isEnded || talker.client.socket.destroyed) return;
          if (signalled && performance.now() - signalAt > keepOnAfterSignal) return;
          const first = talker.written;
          const batch = Array.from({ length: BATCH }, (_, i) => line(c, first + i)).join('');
          try {
            await talker.client.write(batch);
          } catch {
            return;
          }
          talker.written += BATCH;
          if (!signalled) talker.writtenBeforeSignal = talker.written;
          await sleep(5 + ((c + round) % 21));
        }
      })();
    }

    await sleep(1000);
    signalled = true;
    signalAt = performance.now();
    server.signal('SIGTERM');
    const exit = await server.waitForExit(GRACE_MS + 3000);
    const tookMs = performance.now() - signalAt;
    await Promise.all(talkers.map((t) => t.done));
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs, `exit ${tookMs.toFixed(0)} ms after SIGTERM (grace ${GRACE_MS} ms)`).toBeLessThan(GRACE_MS);

    // What the server had fully received before the signal: the messages it logged before the SIGTERM line.
    const signalLine = server.stdoutLines.findIndex((l) => /SIGTERM received: no longer accepting connections/.test(l));
    expect(signalLine).toBeGreaterThan(0);
    const receivedBefore = new Map<string, number>();
    for (const l of server.stdoutLines.slice(0, signalLine)) {
      const peer = / INFO {2}(127\.0\.0\.1:\d+) "klien /.exec(l)?.[1];
      if (peer !== undefined) receivedBefore.set(peer, (receivedBefore.get(peer) ?? 0) + 1);
    }

    let written = 0;
    let writtenBefore = 0;
    let loggedBefore = 0;
    let answered = 0;
    for (const [c, talker] of talkers.entries()) {
      await talker.client.waitForEnd(3000);
      const replies = talker.client.unreadLines;
      const mustAnswer = Math.max(talker.writtenBeforeSignal, receivedBefore.get(talker.peer) ?? 0);
      expect(replies.length, `client ${c}: replies (written ${talker.written}, ${talker.writtenBeforeSignal} before the signal)`).toBeGreaterThanOrEqual(mustAnswer);
      expect(replies.length, `client ${c}: more replies than messages`).toBeLessThanOrEqual(talker.written);
      expect(replies, `client ${c}: replies in order`).toEqual(Array.from({ length: replies.length }, (_, m) => replyTo(c, m)));
      written += talker.written;
      writtenBefore += talker.writtenBeforeSignal;
      loggedBefore += receivedBefore.get(talker.peer) ?? 0;
      answered += replies.length;
    }
    process.stdout.write(
      `[hardening/shutdown-under-load] ${CLIENTS} clients: ${written} messages written (${writtenBefore} before SIGTERM, ${loggedBefore} logged by the server before it), ` +
        `${answered} answered, ${written - answered} written after the server ended the connection; exit 0 after ${tookMs.toFixed(0)} ms\n`,
    );
    expect(server.linesMatching(new RegExp(`SIGTERM received: no longer accepting connections; finishing ${CLIENTS} open`))).toHaveLength(1);
    expect(
      server.linesMatching(new RegExp(`shutdown complete in \\d+ ms: ${CLIENTS} connections drained, 0 closed at the grace deadline`)),
      server.stdoutLines.slice(-5).join('\n'),
    ).toHaveLength(1);
    expect(server.linesMatching(/unterminated message was still arriving/), 'only whole lines were written').toEqual([]);
    expect(server.stderrText, 'nothing on stderr').toBe('');
    expect(server.linesMatching(/^\S+ ERROR /), 'ERROR-level log lines').toEqual([]);
    expect(written).toBeGreaterThan(CLIENTS * BATCH * 10);
  });
});
