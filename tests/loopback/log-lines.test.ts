/**
 * The server's log (stdout): a line per connection opened and closed and per message,
 * with the client address and an escaped preview, that a client can never forge; json
 * format for tools; quieter levels.
 */
import { describe, expect, it } from 'vitest';
import { LOG_LINE_START, WireClient, idReply, sleep, startServer, useLoopbackHarness, type ServerProcess } from './harness';

useLoopbackHarness();

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits for the log line `INFO  <peer> "<preview>" -> <outcome>` and returns it. */
function messageLine(server: ServerProcess, peer: string, preview: string, outcome: string): Promise<string> {
  return server.waitForLine(new RegExp(`INFO  ${escapeRegExp(`${peer} "${preview}" -> ${outcome}`)}$`), 3000);
}

/** A raw CR or ESC anywhere in the log. */
// eslint-disable-next-line no-control-regex -- matching raw control characters is the point
const RAW_CR_OR_ESC = /[\r\x1b]/;
/** Raw characters that would move the cursor, start a new line or reorder text on a terminal. */
// eslint-disable-next-line no-control-regex -- matching raw control characters is the point
const TERMINAL_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('text log lines', () => {
  it('logs each message with the client address and port, the escaped preview and the count', async () => {
    const server = await startServer();
    const client = await WireClient.connect(server.port);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    await client.write('Halo dunia\nKafé 日本 😀\n\na\n');
    await client.nextLines(4);
    const line = await messageLine(server, peer, 'Halo dunia', '10 characters');
    expect(line).toMatch(LOG_LINE_START);
    await messageLine(server, peer, 'Kafé 日本 😀', '9 characters');
    await messageLine(server, peer, '', '0 characters');
    await messageLine(server, peer, 'a', '1 character');
  });

  it('at debug level logs every read, so a dribbled message shows as many reads and pipelined messages as one', async () => {
    const server = await startServer({ env: { LOG_LEVEL: 'debug' } });
    const client = await WireClient.connect(server.port);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    await client.write('satu\ndua\n');
    await client.nextLines(2);
    await server.waitForLine(new RegExp(`DEBUG ${escapeRegExp(`${peer} read 9 bytes "satu\\ndua\\n"`)}$`), 3000);
    await client.write(Buffer.from([0xe2, 0x82]));
    await server.waitForLine(new RegExp(`DEBUG ${escapeRegExp(`${peer} read 2 bytes "\\xE2\\x82"`)}$`), 3000);
    await client.write(Buffer.from([0xac, 0x0a]));
    await server.waitForLine(new RegExp(`DEBUG ${escapeRegExp(`${peer} read 2 bytes "\\xAC\\n"`)}$`), 3000);
    await messageLine(server, peer, '€', '1 character');
  });

  it('logs the connection opening and closing with its messages, bytes in and out', async () => {
    const server = await startServer();
    const client = await WireClient.connect(server.port);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    const sent = 'satu\ndua\n';
    await client.write(sent);
    await client.nextLines(2);
    client.end();
    await client.waitForEnd(3000);
    client.destroy();
    const opened = await server.waitForLine(new RegExp(`INFO  connection from ${escapeRegExp(peer)} \\(1 open\\)$`));
    expect(opened).toMatch(LOG_LINE_START);
    const closed = await server.waitForLine(new RegExp(`connection closed ${escapeRegExp(peer)}`), 3000);
    const bytesOut = Buffer.byteLength(`${idReply(4)}\n${idReply(3)}\n`);
    expect(closed).toMatch(
      new RegExp(`INFO  connection closed ${escapeRegExp(peer)} \\(client closed\\): 2 messages, ${sent.length} bytes in, ${bytesOut} bytes out, \\d+\\.\\d{3} s \\(0 open\\)$`),
    );
  });

  it('escapes whatever a client sends, so no message can forge a log line or a terminal control', async () => {
    const server = await startServer({ args: ['--max-message-bytes', '200'] });
    const client = await WireClient.connect(server.port);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    const attack = Buffer.concat([
      Buffer.from('ok\r\n'),
      Buffer.from('\x1b[31mFAKE\x1b[0m\n'),
      Buffer.from('\r2026-01-01T00:00:00.000Z INFO  forged\n'),
      Buffer.from('x\u2028y\u0085z\u202Ew\u2029\n'),
      Buffer.from('"quoted" \\ back\ttab\x00nul\x7f\n'),
      Buffer.from('abc'),
      Buffer.from([0xff, 0x1b]),
      Buffer.from('[2J\n'),
      Buffer.from(`${'\x1b[1A'.repeat(60)}\n`), // 240 bytes: too long, its preview is logged too
      Buffer.from('selesai\n'),
    ]);
    await client.write(attack);
    const replies = await client.nextLines(8);
    expect(replies.at(-1)).toBe(idReply(7));
    await messageLine(server, peer, 'ok', '2 characters');
    await messageLine(server, peer, '\\x1B[31mFAKE\\x1B[0m', '13 characters');
    await messageLine(server, peer, '\\r2026-01-01T00:00:00.000Z INFO  forged', '38 characters');
    await messageLine(server, peer, 'x\\u{2028}y\\x85z\\u{202E}w\\u{2029}', '8 characters');
    await messageLine(server, peer, '\\"quoted\\" \\\\ back\\ttab\\x00nul\\x7F', '24 characters');
    await messageLine(server, peer, 'abc\\xFF\\x1B[2J', 'invalid UTF-8 at byte 3: byte 0xFF never appears in UTF-8');
    await server.waitForLine(new RegExp(`${escapeRegExp(`${peer} "${'\\x1B[1A'.repeat(10)}`)}.*" -> longer than 200 bytes, discarded$`), 3000);
    await messageLine(server, peer, 'selesai', '7 characters');

    for (const line of server.stdoutLines) {
      expect(line, 'every stdout line starts with the time and level').toMatch(LOG_LINE_START);
      expect(line, 'no raw control or line-breaking character in the log').not.toMatch(TERMINAL_CONTROLS);
      expect(line, 'no line starts with the forged timestamp').not.toMatch(/^2026-01-01T00:00:00\.000Z/);
    }
    expect(server.stdoutText).not.toMatch(RAW_CR_OR_ESC);
  });

  it('cuts a long preview at 40 characters or 64 bytes, whichever comes first, with an ellipsis', async () => {
    const server = await startServer();
    const client = await WireClient.connect(server.port);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    await client.write(`${'x'.repeat(100)}\n${'é'.repeat(100)}\n`);
    expect(await client.nextLines(2)).toEqual([idReply(100), idReply(100)]);
    await messageLine(server, peer, `${'x'.repeat(40)}…`, '100 characters');
    await messageLine(server, peer, `${'é'.repeat(32)}…`, '100 characters');
  });

  it('logs idle timeouts and refused connections', async () => {
    const server = await startServer({ args: ['--idle-timeout-ms', '200', '--max-connections', '1'] });
    const first = await WireClient.connect(server.port);
    await server.waitForLine(/connection from .* \(1 open\)$/);
    const second = await WireClient.connect(server.port);
    await second.waitForEnd(3000);
    await server.waitForLine(
      new RegExp(`WARN  refusing 127\\.0\\.0\\.1:${second.socket.localPort}: 1 connections already open \\(MAX_CONNECTIONS\\)$`),
    );
    await first.waitForEnd(3000);
    first.end(); // close our side too, so the server logs the close at once
    await server.waitForLine(new RegExp(`INFO  closing 127\\.0\\.0\\.1:${first.socket.localPort}: no complete message for 200 ms$`));
    await server.waitForLine(new RegExp(`connection closed 127\\.0\\.0\\.1:${first.socket.localPort} \\(idle timeout\\)`), 3000);
  });
});

describe('LOG_FORMAT=json', () => {
  it('writes one parseable JSON object per line with time, level, event and the message fields', async () => {
    const server = await startServer({ env: { LOG_FORMAT: 'json' } });
    const client = await WireClient.connect(server.port);
    const peer = `127.0.0.1:${client.socket.localPort}`;
    await client.write(Buffer.concat([Buffer.from('Halo dunia\n\x1b[31mFAKE\r\n'), Buffer.from([0x61, 0xff, 0x0a])]));
    await client.nextLines(3);
    client.end();
    await client.waitForEnd(3000);
    client.destroy();
    await server.waitForLine((line) => line.includes('"event":"close"'), 3000);

    const entries = server.stdoutLines.map((line) => {
      expect(() => JSON.parse(line), `not JSON: ${line}`).not.toThrow();
      return JSON.parse(line) as Record<string, unknown>;
    });
    for (const entry of entries) {
      expect(entry.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(['info', 'warn', 'error', 'debug']).toContain(entry.level);
      expect(typeof entry.event).toBe('string');
      expect(typeof entry.msg).toBe('string');
    }
    expect(entries[0]).toMatchObject({ level: 'info', event: 'listening', port: server.port });
    const messages = entries.filter((e) => e.event === 'message');
    expect(messages).toEqual([
      expect.objectContaining({ client: peer, preview: 'Halo dunia', bytes: 10, chars: 10, msg: `${peer} "Halo dunia" -> 10 characters` }),
      expect.objectContaining({ client: peer, preview: '\\x1B[31mFAKE', bytes: 9, chars: 9 }),
    ]);
    expect(entries.filter((e) => e.event === 'invalid-utf8')).toEqual([
      expect.objectContaining({ client: peer, offset: 1, reason: 'invalid-byte' }),
    ]);
    expect(entries.filter((e) => e.event === 'open')).toEqual([expect.objectContaining({ client: peer, open: 1 })]);
    expect(entries.filter((e) => e.event === 'close')).toEqual([
      expect.objectContaining({ client: peer, messages: 3, reason: 'client closed', open: 0 }),
    ]);
    expect(server.stdoutText).not.toMatch(RAW_CR_OR_ESC);
  });
});

describe('quieter log levels', () => {
  it('--log-level warn logs no per-message or connection lines', async () => {
    const server = await startServer({ args: ['--log-level', 'warn'] });
    const client = await WireClient.connect(server.port);
    await client.write('Halo dunia\n');
    expect(await client.nextLine()).toBe(idReply(10));
    client.end();
    await client.waitForEnd(3000);
    await sleep(200);
    expect(server.stdoutLines.filter((line) => line.includes(' INFO '))).toEqual([]);
  });
});
