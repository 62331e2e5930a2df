/**
 * 5,000 concurrent connections, all open on the server at the same time, each exchanging
 * messages (one alone, then three pipelined): every message gets exactly one correct
 * reply, in order, and every reply is counted. Connections open in batches so the listen
 * backlog is not what is being tested; the whole test stays around 30 s on two cores.
 */
import { describe, expect, it } from 'vitest';
import { WireClient, idReply, inBatches, sleep, startServer, useLoopbackHarness } from '../loopback/harness';
import { expectFdsBackTo, expectStillHealthy, fdBaseline } from './checks';
import { HAVE_PROC, maxOpenFiles, mib, openSockets, peakRssKiB, rssKiB } from './proc';
import { codePointsOf } from '../support/utf8-oracle';

useLoopbackHarness();

const CONNECTIONS = 5000;
/** Messages per round on each connection: one alone, then pipelined groups in one write each. */
const ROUNDS = [1, 4, 5];
const PER_CONNECTION = ROUNDS.reduce((a, b) => a + b, 0);

describe(`${CONNECTIONS} concurrent connections`, () => {
  it(`each sends ${PER_CONNECTION} messages and gets exactly ${PER_CONNECTION} correct replies, in order (${CONNECTIONS * PER_CONNECTION} in all)`, async (context) => {
    // Room for the test's own sockets and the server's, with a margin.
    const ownLimit = HAVE_PROC ? maxOpenFiles('self') : Number.MAX_SAFE_INTEGER;
    if (ownLimit < CONNECTIONS + 500) context.skip(`ulimit -n is ${ownLimit} in the test process; ${CONNECTIONS} connections need ${CONNECTIONS + 500}`);
    const server = await startServer({ args: ['--max-connections', '6000'] });
    if (HAVE_PROC) {
      const serverLimit = maxOpenFiles(server.pid);
      if (serverLimit < CONNECTIONS + 100) context.skip(`the server may open only ${serverLimit} files; ${CONNECTIONS} connections need ${CONNECTIONS + 100}`);
    }
    const baseline = await fdBaseline(server);
    const socketsBefore = HAVE_PROC ? openSockets(server.pid) : 0;
    const rssBefore = HAVE_PROC ? rssKiB(server.pid) : 0;
    const started = performance.now();

    const clients = await inBatches(CONNECTIONS, 200, () => WireClient.connect(server.port, { timeoutMs: 15_000 }));
    const connectedMs = performance.now() - started;
    // All of them open in the server at once (its sockets, counted in /proc).
    if (HAVE_PROC) {
      let open = openSockets(server.pid) - socketsBefore;
      for (let i = 0; i < 50 && open < CONNECTIONS; i++) {
        await sleep(100);
        open = openSockets(server.pid) - socketsBefore;
      }
      expect(open, 'client sockets open in the server at once').toBe(CONNECTIONS);
    }
    await server.waitForLine(new RegExp(`connection from .* \\(${CONNECTIONS} open\\)$`), 10_000);

    const text = (c: number, m: number): string => `k${c} m${m} ${['', 'é', 'é😀'][(c + m) % 3]}`;
    const count = (c: number, m: number): number => codePointsOf(text(c, m));
    let sent = 0;
    let answered = 0;
    await inBatches(CONNECTIONS, 1000, async (c) => {
      const client = clients[c];
      let m = 0;
      for (const size of ROUNDS) {
        const round = Array.from({ length: size }, (_, i) => m + i);
        m += size;
        await client.write(round.map((i) => `${text(c, i)}${i % 2 ? '\r\n' : '\n'}`).join(''));
        sent += size;
        const replies = await client.nextLines(size, 20_000);
        expect(replies).toEqual(round.map((i) => idReply(count(c, i))));
        answered += replies.length;
      }
    });
    const exchangedMs = performance.now() - started - connectedMs;
    await sleep(200);
    const extra = clients.reduce((n, client) => n + client.unreadLines.length, 0);
    const closedEarly = clients.filter((client) => client.isEnded).length;
    const peak = HAVE_PROC ? peakRssKiB(server.pid) : 0;
    process.stdout.write(
      `[hardening/five-thousand-connections] ${CONNECTIONS} connections open in ${(connectedMs / 1000).toFixed(1)} s; ${sent} messages sent, ${answered} answered in ` +
        `${(exchangedMs / 1000).toFixed(1)} s; server RSS ${mib(rssBefore)} → peak ${mib(peak)}\n`,
    );
    expect(sent).toBe(CONNECTIONS * PER_CONNECTION);
    expect(answered, 'every message exactly one reply').toBe(sent);
    expect(extra, 'replies beyond one per message').toBe(0);
    expect(closedEarly, 'connections the server closed').toBe(0);

    // Everyone leaves (half-close); the server frees every socket.
    for (const client of clients) client.end();
    await expectFdsBackTo(server, baseline, `${CONNECTIONS} clients left`, 15_000);
    expectStillHealthy(server, `${CONNECTIONS} connections`);
  });
});
