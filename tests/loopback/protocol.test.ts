/**
 * The wire protocol as a user sees it, against the real compiled server: framing, the
 * quiet period for classic clients, pipelining, CR LF, long and dribbled messages,
 * invalid UTF-8, half-close and the reply formats.
 */
import { describe, expect, it } from 'vitest';
import { WireClient, enReply, idReply, sharedServer, sleep, startServer, useLoopbackHarness } from './harness';

useLoopbackHarness();

const invalidUtf8 = (offset: number, what: string): string =>
  `ERROR invalid UTF-8 at byte ${offset}: ${what}; the message was not counted`;

describe('a classic client (no newline, then waits)', () => {
  const server = sharedServer();

  it('gets "... adalah 10" for "Halo dunia" once the 150 ms quiet period has passed', async () => {
    const client = await WireClient.connect(server.current().port);
    const sent = performance.now();
    await client.write('Halo dunia');
    const reply = await client.nextLine(3000);
    const waited = performance.now() - sent;
    expect(reply).toBe(idReply(10));
    // Not before the quiet period (a little slack for timer granularity), and not much later.
    expect(waited, `reply after ${waited.toFixed(0)} ms`).toBeGreaterThanOrEqual(130);
    expect(waited, `reply after ${waited.toFixed(0)} ms`).toBeLessThan(1500);
    // The connection stays open for more messages.
    await client.write('lagi');
    expect(await client.nextLine(3000)).toBe(idReply(4));
    expect(client.isEnded).toBe(false);
  });

  it('is answered again and again on one connection, one reply per quiet pause', async () => {
    const client = await WireClient.connect(server.current().port);
    for (const [message, count] of [['satu', 4], ['dua', 3], ['Kafé 日本 😀', 9]] as const) {
      await client.write(message);
      expect(await client.nextLine(3000)).toBe(idReply(count));
    }
    expect(client.unreadLines).toEqual([]);
  });

  it('with --quiet-period-ms 0 (strict line mode) gets no reply within 500 ms, then the reply on half-close', async () => {
    const strict = await startServer({ args: ['--quiet-period-ms', '0'] });
    const client = await WireClient.connect(strict.port);
    await client.write('Halo dunia');
    const early = await client.within(() => client.lines.length > 0, 500);
    expect(early, `unexpected reply in strict mode: ${JSON.stringify(client.lines)}`).toBe(false);
    client.end();
    expect(await client.nextLine(3000)).toBe(idReply(10));
    await client.waitForEnd(3000);
    expect(client.lines).toEqual([idReply(10)]);
  });
});

describe('line mode', () => {
  const server = sharedServer();

  it('answers many messages pipelined in one write, in order', async () => {
    const client = await WireClient.connect(server.current().port);
    const messages = ['satu', 'dua', 'tiga', 'Halo dunia', 'Kafé 日本 😀', 'e\u0301', '🇮🇩', 'x'.repeat(1500)];
    await client.write(messages.map((m) => `${m}\n`).join(''));
    const replies = await client.nextLines(messages.length);
    expect(replies).toEqual([4, 3, 4, 10, 9, 2, 2, 1500].map(idReply));
  });

  it('answers 1000 pipelined messages in one write with 1000 replies in order', async () => {
    const client = await WireClient.connect(server.current().port);
    const messages = Array.from({ length: 1000 }, (_, i) => 'ab'.repeat(i % 37));
    await client.write(messages.map((m) => `${m}\n`).join(''));
    const replies = await client.nextLines(1000, 10_000);
    expect(replies).toEqual(messages.map((m) => idReply(m.length)));
  });

  it('drops the CR of a CR LF line end, counts a CR anywhere else, and answers 0 for empty lines', async () => {
    const client = await WireClient.connect(server.current().port);
    await client.write('Halo dunia\r\nsatu\r\n\r\n\na\rb\n\r\r\n\r\n');
    expect(await client.nextLines(7)).toEqual([
      idReply(10), // "Halo dunia" CR LF
      idReply(4), // "satu" CR LF
      idReply(0), // CR LF alone
      idReply(0), // LF alone
      idReply(3), // "a" CR "b": a CR not before LF is a character
      idReply(1), // CR CR LF: only the last CR is dropped
      idReply(0),
    ]);
  });

  it('drops a CR that arrives in one write and its LF in the next', async () => {
    const client = await WireClient.connect(server.current().port);
    await client.write('abc\r');
    await sleep(30);
    await client.write('\n');
    expect(await client.nextLine()).toBe(idReply(3));
  });

  it('counts a 10 MB message sent as one line exactly', async () => {
    const client = await WireClient.connect(server.current().port);
    // "Kafé 日本 😀 " is 18 bytes and 10 code points.
    const unit = Buffer.from('Kafé 日本 😀 ', 'utf8');
    expect(unit.length).toBe(18);
    const copies = Math.ceil((10 * 1000 * 1000) / unit.length);
    const message = Buffer.alloc(unit.length * copies, unit);
    await client.write(Buffer.concat([message, Buffer.from('\n')]));
    expect(await client.nextLine(15_000)).toBe(idReply(copies * 10));
  });

  it('answers once, correctly, when a multi-byte message is dribbled one byte per write below the quiet period', async () => {
    const client = await WireClient.connect(server.current().port);
    const bytes = Buffer.from('Kafé 日本 😀 🇮🇩\n', 'utf8');
    for (const byte of bytes) {
      await client.write(Buffer.from([byte]));
      await sleep(8);
    }
    expect(await client.nextLine(3000)).toBe(idReply(12));
    // Nothing else: the message was not cut into pieces.
    await sleep(250);
    expect(client.unreadLines).toEqual([]);
  });
});

describe('invalid UTF-8', () => {
  const server = sharedServer();

  it('gets an ERROR naming the byte offset, and the connection still counts the next message', async () => {
    const client = await WireClient.connect(server.current().port);
    await client.write(Buffer.from('abc\xFFdef\n', 'latin1'));
    expect(await client.nextLine()).toBe(invalidUtf8(3, 'byte 0xFF never appears in UTF-8'));
    await client.write('Masih tersambung\n');
    expect(await client.nextLine()).toBe(idReply(16));
  });

  it('reports each kind of broken sequence at the right offset, in one pipelined write', async () => {
    const client = await WireClient.connect(server.current().port);
    const lines = [
      Buffer.from([0x80]),
      Buffer.from([0x61, 0xc0, 0x80]),
      Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]),
      Buffer.from([0xf4, 0x90, 0x80, 0x80]),
      Buffer.from([0xe2, 0x41]),
      Buffer.concat([Buffer.from('harga '), Buffer.from([0xe2, 0x82])]),
      Buffer.concat([Buffer.from('harga '), Buffer.from([0xe2, 0x82, 0x0d])]), // truncated, then CR LF
      Buffer.from('ok'),
    ];
    await client.write(Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
    expect(await client.nextLines(lines.length)).toEqual([
      invalidUtf8(0, 'unexpected continuation byte 0x80 (no lead byte before it)'),
      invalidUtf8(1, 'overlong encoding: lead byte 0xC0 can only encode characters that have a shorter form'),
      invalidUtf8(2, '0xED 0xA0 encodes a UTF-16 surrogate (U+D800..U+DFFF), which UTF-8 does not allow'),
      invalidUtf8(0, '0xF4 0x90 encodes a code point above U+10FFFF'),
      invalidUtf8(0, 'lead byte 0xE2 starts a 3-byte sequence but is followed by 0x41, not a continuation byte'),
      invalidUtf8(6, 'the message ends inside a 3-byte sequence that starts with 0xE2'),
      invalidUtf8(6, 'the message ends inside a 3-byte sequence that starts with 0xE2'),
      idReply(2),
    ]);
  });

  it('finds the offset when the bad byte arrives in a later write than the start of the message', async () => {
    const client = await WireClient.connect(server.current().port);
    const bytes = Buffer.concat([Buffer.from('héllo wörld', 'utf8'), Buffer.from([0xff]), Buffer.from('!\n')]);
    for (const byte of bytes) {
      await client.write(Buffer.from([byte]));
      await sleep(5);
    }
    // "héllo wörld" is 13 bytes, so 0xFF is byte 13.
    expect(await client.nextLine(3000)).toBe(invalidUtf8(13, 'byte 0xFF never appears in UTF-8'));
    await client.write('lagi\n');
    expect(await client.nextLine()).toBe(idReply(4));
  });

  it('answers a classic (no newline) message that ends inside a sequence with a truncated ERROR', async () => {
    const client = await WireClient.connect(server.current().port);
    await client.write(Buffer.from([0x68, 0x61, 0xf0, 0x9f, 0x98]));
    expect(await client.nextLine(3000)).toBe(invalidUtf8(2, 'the message ends inside a 4-byte sequence that starts with 0xF0'));
  });
});

describe('half-close', () => {
  const server = sharedServer();

  it('answers the pending unterminated bytes, then the server ends the connection', async () => {
    const client = await WireClient.connect(server.current().port);
    await client.write('satu\nHalo dunia');
    client.end();
    await client.waitForEnd(3000);
    expect(client.lines).toEqual([idReply(4), idReply(10)]);
    expect(client.received.toString('utf8')).toBe(`${idReply(4)}\n${idReply(10)}\n`);
  });

  // That the client's FIN stops the quiet period, so pending bytes are answered once, is a rule of
  // the connection's timers: tests/unit/connection-timers.test.ts steps through it without sleeping.

  it('with nothing pending, just ends the connection without a reply', async () => {
    const client = await WireClient.connect(server.current().port);
    await client.write('satu\n');
    expect(await client.nextLine()).toBe(idReply(4));
    client.end();
    await client.waitForEnd(3000);
    expect(client.lines).toEqual([idReply(4)]);
  });
});

describe('reply formats', () => {
  it('--reply-format json gives chars, bytes, utf16Units and graphemes for "😀" and "e\\u0301"', async () => {
    const server = await startServer({ args: ['--reply-format', 'json'] });
    const client = await WireClient.connect(server.port);
    await client.write('😀\ne\u0301\r\nHalo dunia\n🇮🇩\n\n');
    expect(await client.nextLines(5)).toEqual([
      '{"chars":1,"bytes":4,"utf16Units":2,"graphemes":1}',
      '{"chars":2,"bytes":3,"utf16Units":2,"graphemes":1}',
      '{"chars":10,"bytes":10,"utf16Units":10,"graphemes":10}',
      '{"chars":2,"bytes":8,"utf16Units":4,"graphemes":1}',
      '{"chars":0,"bytes":0,"utf16Units":0,"graphemes":0}',
    ]);
    // Error lines stay plain text in json format.
    await client.write(Buffer.from([0xff, 0x0a]));
    expect(await client.nextLine()).toBe(invalidUtf8(0, 'byte 0xFF never appears in UTF-8'));
  });

  it('json graphemes stay right when a cluster is dribbled across writes', async () => {
    const server = await startServer({ args: ['--reply-format', 'json'] });
    const client = await WireClient.connect(server.port);
    for (const byte of Buffer.from('e\u0301🇮🇩\n', 'utf8')) {
      await client.write(Buffer.from([byte]));
      await sleep(5);
    }
    expect(await client.nextLine(3000)).toBe('{"chars":4,"bytes":11,"utf16Units":6,"graphemes":2}');
    // Writes cut between two flags, inside a family emoji, and between a CR and its LF.
    for (const pieces of [['🇮', '🇩🇮', '🇩\n'], ['👨\u200d👩', '\u200d👧\u200d👦\r', '\n'], ['e', '\u0301\r', '\n']]) {
      for (const piece of pieces) {
        await client.write(piece);
        await sleep(15);
      }
    }
    expect(await client.nextLines(3, 3000)).toEqual([
      '{"chars":4,"bytes":16,"utf16Units":8,"graphemes":2}',
      '{"chars":7,"bytes":25,"utf16Units":11,"graphemes":1}',
      '{"chars":2,"bytes":3,"utf16Units":2,"graphemes":1}',
    ]);
  });

  it('--language en ends the English sentence with the count', async () => {
    const server = await startServer({ args: ['--language', 'en'] });
    const client = await WireClient.connect(server.port);
    await client.write('Halo dunia\n\nKafé 日本 😀\n');
    expect(await client.nextLines(3)).toEqual([enReply(10), enReply(0), enReply(9)]);
  });

  it('REPLY_LANGUAGE=en and REPLY_FORMAT=json from the environment work like the flags', async () => {
    const server = await startServer({ env: { REPLY_LANGUAGE: 'en' } });
    const client = await WireClient.connect(server.port);
    await client.write('Halo dunia\n');
    expect(await client.nextLine()).toBe(enReply(10));
    const json = await startServer({ env: { REPLY_FORMAT: 'json' } });
    const other = await WireClient.connect(json.port);
    await other.write('abc\n');
    expect(await other.nextLine()).toBe('{"chars":3,"bytes":3,"utf16Units":3,"graphemes":3}');
  });
});
