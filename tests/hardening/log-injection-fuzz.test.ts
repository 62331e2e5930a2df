/**
 * Log injection, generated: messages full of newlines, CRs, ANSI/OSC escape sequences, C1
 * controls, bidi overrides, forged log-line prefixes, invalid bytes and very long text,
 * sent with random chunking. The log must stay one line per event, each starting with the
 * time and level, with no raw control character and a bounded length; in json format every
 * line must parse. (tests/loopback/log-lines.test.ts checks the exact escaping of a fixed attack.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_LINE_START, LOOPBACK, sharedServer, useLoopbackHarness, type ServerProcess } from '../loopback/harness';
import { RawConnection } from './raw-connection';
import { expectStillHealthy } from './checks';

useLoopbackHarness();

/** Anything that moves the cursor, ends a line, or reorders text on a terminal, raw. */
// eslint-disable-next-line no-control-regex -- matching raw control characters is the point
const RAW_CONTROLS = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** The longest a log line may be: time, level, address, 40 escaped characters of preview (at most 10 columns each), the outcome. */
const MAX_LINE = 800;

const ATTACKS = [
  '\n2026-01-01T00:00:00.000Z INFO  127.0.0.1:1 "forged" -> 1 character',
  '\r2026-01-01T00:00:00.000Z ERROR forged after a CR',
  '\x1b[2K\r\x1b[1Aforged over the previous line',
  '\x1b]0;pwned\x07',
  '\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\',
  '\x1b[31m\x1b[5mRED\x1b[0m',
  '\x9b31m', // C1 CSI as a character (U+009B)
  '\u0085next line (NEL)',
  '\u2028line separator\u2029paragraph',
  '\u202eevil reversed\u202c \u2066isolate\u2069',
  '\0NUL\x07BEL\x08BS\x7fDEL\x0bVT\x0cFF',
  '"} {"level":"error","event":"forged","msg":"x',
  '\\" quotes and backslashes \\\\',
  '\t\ttabs',
];

const attackPiece: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ATTACKS).map((s) => Buffer.from(s, 'utf8')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((s) => Buffer.from(s, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => Buffer.from(b)) }, // raw bytes: 0x9B CSI, 0x1B, invalid UTF-8
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => Buffer.alloc(n, '\x1b[1A\rpanjang ')) }, // very long text (no LF)
);

/** A message list as one byte stream, each message ending in LF (attack pieces may add more LFs and CRs). */
const attackStream = fc.array(fc.array(attackPiece, { minLength: 1, maxLength: 4 }).map((pieces) => Buffer.concat(pieces)), { minLength: 1, maxLength: 6 })
  .map((messages) => Buffer.concat(messages.flatMap((m) => [m, Buffer.from('\n')])));

/** Sends the stream in a few random pieces on a new connection, half-closes, and waits for the end; resolves with the reply count. */
async function send(server: ServerProcess, stream: Buffer, cuts: number[]): Promise<number> {
  const connection = await RawConnection.open(LOOPBACK, server.port);
  const edges = [0, ...cuts.map((f) => Math.floor(f * stream.length)).sort((a, b) => a - b), stream.length];
  for (let i = 0; i < edges.length - 1; i++) await connection.write(stream.subarray(edges[i], edges[i + 1]));
  connection.socket.end();
  await connection.until(() => connection.ended || connection.closed, 10_000);
  connection.socket.destroy();
  return connection.lines.length;
}

const messagesIn = (stream: Buffer): number => stream.reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0);

describe('generated injection attempts (text log)', () => {
  const server = sharedServer({ args: ['--max-message-bytes', '100000'] });

  it('never produce a forged, raw-control or unbounded log line: 150 connections of generated attacks', async () => {
    let messages = 0;
    let longest = 0;
    await fc.assert(
      fc.asyncProperty(attackStream, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), async (stream, cuts) => {
        const replies = await send(server.current(), stream, cuts);
        expect(replies).toBe(messagesIn(stream));
        messages += replies;
        longest = Math.max(longest, ...stream.toString('latin1').split('\n').map((m) => m.length));
      }),
      { numRuns: 150, interruptAfterTimeLimit: 30_000 },
    );
    const s = server.current();
    // Every message logged once: one line per message, no line added by the attack.
    await s.waitForLine(() => s.linesMatching(/^\S+ INFO {2}127\.0\.0\.1:\d+ ".*" -> /).length >= messages, 5000);
    expect(s.linesMatching(/^\S+ INFO {2}127\.0\.0\.1:\d+ ".*" -> /), 'one log line per message').toHaveLength(messages);
    const lengths = s.stdoutLines.map((l) => Buffer.byteLength(l));
    process.stdout.write(
      `[hardening/log-injection-fuzz] text: ${messages} attack messages (longest ${longest} bytes), ${s.stdoutLines.length} log lines, longest ${Math.max(...lengths)} bytes\n`,
    );
    for (const l of s.stdoutLines) {
      expect(l, 'every line starts with the time and the level').toMatch(LOG_LINE_START);
      expect(l, 'no raw control or line-breaking character').not.toMatch(RAW_CONTROLS);
      expect(l, 'no forged timestamp at the start').not.toMatch(/^2026-01-01T00:00:00\.000Z/);
      expect(Buffer.byteLength(l), `log line too long: ${l.slice(0, 200)}…`).toBeLessThanOrEqual(MAX_LINE);
    }
    expect(s.stdoutText.endsWith('\n')).toBe(true);
    expectStillHealthy(s, 'injection attempts');
  });
});

describe('generated injection attempts (LOG_FORMAT=json)', () => {
  const server = sharedServer({ args: ['--max-message-bytes', '100000'], env: { LOG_FORMAT: 'json' } });

  it('every line is one JSON object with no raw control character in it, and one per message: 100 connections', async () => {
    let messages = 0;
    await fc.assert(
      fc.asyncProperty(attackStream, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), async (stream, cuts) => {
        messages += await send(server.current(), stream, cuts);
      }),
      { numRuns: 100, interruptAfterTimeLimit: 30_000 },
    );
    const s = server.current();
    const isMessage = (l: string): boolean => /"event":"(message|invalid-utf8|too-long)"/.test(l);
    await s.waitForLine(() => s.stdoutLines.filter(isMessage).length >= messages, 5000);
    expect(s.stdoutLines.filter(isMessage)).toHaveLength(messages);
    for (const l of s.stdoutLines) {
      expect(l, 'no raw control character in a JSON line').not.toMatch(RAW_CONTROLS);
      expect(Buffer.byteLength(l), `log line too long: ${l.slice(0, 200)}…`).toBeLessThanOrEqual(2 * MAX_LINE);
      const entry = JSON.parse(l) as Record<string, unknown>;
      expect(entry.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(entry.event).not.toBe('forged');
      if (typeof entry.preview === 'string') expect(entry.preview).not.toMatch(RAW_CONTROLS);
    }
    expectStillHealthy(s, 'injection attempts (json)');
  });
});
