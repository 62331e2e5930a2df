/**
 * The compiled client when its server goes away in the middle of a run: it prints the rows
 * it already has, the summary and one line naming the messages left without a reply, and
 * exits 3; when only a connection is lost and the server still listens, it exits 1.
 */
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LOOPBACK, describeRun, idReply, onCleanup, runClient, scratchFile, startServer, tinyServer, useLoopbackHarness } from './harness';
import { at, lines, tableRows, fields } from './client-output';

useLoopbackHarness();

/** 4 messages a round; the third is dribbled for about 4 s, long enough to kill the server during it. */
const SLOW_SCRIPT = `satu\ndua\n@chunk=1/20 ${'kata '.repeat(40).trim()}\ntiga\n`;

describe('the server goes away mid-run', () => {
  it('SIGKILL during --repeat 3 --concurrency 2: the answered rows, the summary, the unanswered messages named, exit 3', async () => {
    const server = await startServer({ args: ['--log-level', 'debug'] }); // logs every read
    const script = scratchFile('slow.txt', SLOW_SCRIPT);
    const client = runClient(['run', script, '--repeat', '3', '--concurrency', '2', '--wait-timeout', '1', ...at(server.port)]);
    // The client sends a step once it has read the replies to the one before: when the first
    // byte of the dribbled message has arrived on both connections, "dua" has been answered on both.
    const dribbling = (): number => new Set(server.linesMatching(/ read 1 byte "k"$/).map((line) => /:(\d+) read/.exec(line)?.[1])).size;
    await server.waitForLine(() => dribbling() === 2, 10_000);
    server.signal('SIGKILL');
    const run = await client;

    expect(run.code, describeRun(run)).toBe(3);
    const rows = tableRows(run.stdout).map(fields);
    expect(rows.map(([index, preview, , , reply, , result]) => [index, preview, reply, result])).toEqual([
      ['1', '"satu"', idReply(4), 'ok'],
      ['2', '"dua"', idReply(3), 'ok'],
      ['3', expect.stringMatching(/^"kata kata/), expect.stringMatching(/^\(connection closed by the server( \(\w+\))?\)$/), 'UNANSWERED'],
      ['13', '"satu"', idReply(4), 'ok'],
      ['14', '"dua"', idReply(3), 'ok'],
      ['15', expect.stringMatching(/^"kata kata/), expect.stringMatching(/^\(connection closed by the server( \(\w+\))?\)$/), 'UNANSWERED'],
    ]);
    expect(lines(run.stdout).at(-1)).toMatch(
      /^summary: 24 messages, 4 ok, 0 mismatched, 2 unanswered, 18 not sent, 2 connections, p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms$/,
    );
    expect(lines(run.stderr)).toEqual([
      `charcount-client: the server went away during the run: ${LOOPBACK}:${server.port} now refuses connections (the server stopped or crashed); ` +
        'messages 3 and 15 got no reply and 18 more were not sent; start it again ("npm start", or "docker compose up -d server") and rerun',
    ]);
  });

  it('stopped (SIGTERM) before a step that needs new connections: the answered rows, then exit 3 after --wait-timeout, naming what was not sent', async () => {
    const server = await startServer();
    const script = scratchFile('then-new-clients.txt', `satu\n@chunk=1/20 ${'kata '.repeat(12).trim()}\n@clients=2 dua\n`);
    const client = runClient(['run', script, '--wait-timeout', '1', ...at(server.port)]);
    await server.waitForLine(/"satu" -> 4 characters/);
    server.signal('SIGTERM'); // stops accepting at once; answers the dribbled message, then exits
    const run = await client;

    expect(run.code, describeRun(run)).toBe(3);
    expect(tableRows(run.stdout).map((row) => fields(row)[6])).toEqual(['ok', 'ok']);
    expect(lines(run.stdout).at(-1)).toMatch(/^summary: 4 messages, 2 ok, 0 mismatched, 2 not sent, 1 connections, /);
    expect(lines(run.stderr)).toEqual([
      `charcount-client: the server went away during the run: ${LOOPBACK}:${server.port} now refuses connections (the server stopped or crashed); ` +
        '2 messages were not sent; start it again ("npm start", or "docker compose up -d server") and rerun',
    ]);
    expect(run.durationMs, 'one --wait-timeout of retries, not one per connection').toBeLessThan(6000);
  });

  it('send to a server that dies on the message (closes its listener, then the connection): one line, exit 3', async () => {
    const port = await crashingServer();
    const run = await runClient(['send', 'Halo dunia', ...at(port)]);
    expect(run.code, describeRun(run)).toBe(3);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([
      `charcount-client: the server went away during the run: ${LOOPBACK}:${port} now refuses connections (the server stopped or crashed); ` +
        'message 1 got no reply; start it again ("npm start", or "docker compose up -d server") and rerun',
    ]);
  });

  it('run --json against a server that dies: the rows, notSent and serverLost in the summary, exit 3', async () => {
    const port = await crashingServer();
    const script = scratchFile('pipelined.txt', 'satu\\ndua\ntiga\n'); // two messages in one write, then one more
    const run = await runClient(['run', script, '--json', ...at(port)]);
    expect(run.code, describeRun(run)).toBe(3);
    const report = JSON.parse(run.stdout) as { rows: { index: number; result: string; ok: boolean }[]; summary: Record<string, unknown> };
    expect(report.rows.map(({ index, result, ok }) => ({ index, result, ok }))).toEqual([
      { index: 1, result: 'unanswered', ok: false },
      { index: 2, result: 'unanswered', ok: false },
    ]);
    expect(report.summary).toMatchObject({ messages: 3, ok: 0, mismatched: 0, unanswered: 2, notSent: 1, serverLost: expect.stringMatching(/now refuses connections/) });
    expect(lines(run.stderr)).toHaveLength(1);
  });
});

describe('a connection lost while the server still listens', () => {
  it('a server that closes the connection without replying: the row says UNANSWERED, the summary 1 unanswered, exit 1', async () => {
    const port = await tinyServer((socket) => socket.once('data', () => socket.destroy()));
    const script = scratchFile('one.txt', 'Halo dunia\n');
    const run = await runClient(['run', script, ...at(port)]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(fields(tableRows(run.stdout)[0])).toEqual(['1', '"Halo dunia"', '10', '10', expect.stringMatching(/^\(connection closed by the server/), '-', 'UNANSWERED']);
    expect(lines(run.stdout).at(-1)).toMatch(/^summary: 1 messages, 0 ok, 0 mismatched, 1 unanswered, 1 connections, /);
    expect(run.stderr).toBe('');
  });
});

/** A server that, like a crashing one, stops listening and drops the connection when the first bytes arrive. */
async function crashingServer(): Promise<number> {
  const listener = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      listener.close();
      socket.destroy();
    });
  });
  await new Promise<void>((done) => listener.listen(0, LOOPBACK, done));
  onCleanup(() => new Promise<void>((done) => listener.close(() => done())));
  return (listener.address() as AddressInfo).port;
}
