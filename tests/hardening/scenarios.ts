/**
 * Generated client behaviour for the fuzz tests: byte streams (valid and invalid UTF-8, CR
 * and LF anywhere, NUL, long runs), cut into random chunks written with random delays, with
 * quiet pauses and a half-close; and a tiny raw TCP player that performs one on a connection.
 *
 * No vitest here, so the loopback suite, the container suite and the soak can all use it;
 * and from protocol/ only the line splitter every client shares, never the decoder: what the
 * replies should be comes from the independent model in model.ts.
 */
import fc from 'fast-check';
import type { Socket } from 'node:net';
import { LineSplitter } from '../../protocol';
import { connectWithin } from '../support/connect-within';
import { expectedReplies, type Event, type InvalidClass, type ModelOptions } from './model';

const b = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);
const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Byte sequences of every invalid class in the lab notes (a "truncated" one only is one when the message ends right after it). */
export const INVALID_SAMPLES: Record<InvalidClass, Uint8Array[]> = {
  'unexpected-continuation': [b(0x80), b(0xbf), b(0x9f, 0x98)],
  overlong: [b(0xc0, 0x80), b(0xc1, 0xbf), b(0xe0, 0x80, 0x80), b(0xe0, 0x9f, 0xbf), b(0xf0, 0x80, 0x80, 0x80), b(0xf0, 0x8f, 0xbf, 0xbf)],
  surrogate: [b(0xed, 0xa0, 0x80), b(0xed, 0xbf, 0xbf), b(0xed, 0xb2, 0x80)],
  'above-max': [b(0xf4, 0x90, 0x80, 0x80), b(0xf4, 0xbf, 0xbf, 0xbf), b(0xf5, 0x80, 0x80, 0x80), b(0xf6), b(0xf7, 0xbf)],
  'invalid-byte': [b(0xf8), b(0xf8, 0x88, 0x80, 0x80, 0x80), b(0xfc, 0x84), b(0xfe), b(0xff)],
  'missing-continuation': [b(0xe2, 0x41), b(0xc3, 0x28), b(0xf0, 0x9f, 0x41), b(0xf0, 0x9f, 0x98, 0x20), b(0xe2, 0x82, 0xe2, 0x82, 0xac), b(0xc3, 0x0d)],
  truncated: [b(0xc3), b(0xe2, 0x82), b(0xe0, 0xa0), b(0xf0, 0x9f, 0x98), b(0xf4, 0x8f, 0xbf), b(0xed, 0x9f)],
};

const VALID_TEXT = [
  'a', 'Halo dunia', ' ', '\t', '\0', '\r', '\r\r', '\x1b[31mFAKE\x1b[0m', '\x7f', 'é', 'e\u0301', '\u0301', '日本', '😀',
  '🇮🇩', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}', '\u{1F44B}\u{1F3FD}', '\u2028', '\u202e', '\u0085', '\uFEFF', '\uFFFD',
  '\u{10FFFF}', '\uD7FF', '\uE000', '\u0800', '\u07FF', '\u{10000}', 'नमस्ते', '한국',
];

/** A long run: the same unit many times (crosses the server's 64 KiB reads when long enough). */
const longRun = (maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      fc.constantFrom(utf8('a'), utf8('é'), utf8('日'), utf8('😀'), b(0x00), b(0x0d), b(0xff), b(0x80), utf8('\u0301'), utf8('ab\r')),
      fc.integer({ min: 2, max: maxLength }),
    )
    .map(([unit, length]) => new Uint8Array(Buffer.alloc(Math.max(unit.length, length - (length % unit.length)), unit)));

export interface PieceOptions {
  /** Longest long run, in bytes. */
  maxRun: number;
  /** Weight of long runs among the pieces (0 = none). */
  runWeight: number;
}

/** One piece of a message: never contains LF (terminators are chosen separately). */
export const piece = ({ maxRun, runWeight }: PieceOptions): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...VALID_TEXT).map(utf8) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }).map(utf8) },
    { weight: 4, arbitrary: fc.constantFrom(...Object.values(INVALID_SAMPLES).flat()) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 6 }) },
    { weight: runWeight, arbitrary: longRun(maxRun) },
  ).map((bytes) => bytes.filter((byte) => byte !== 0x0a));

/** How a message ends in a stream: LF, CR LF, or not at all (it is the stream's tail). */
type Terminator = 'lf' | 'crlf';
const TERMINATORS: Record<Terminator, Uint8Array> = { lf: b(0x0a), crlf: b(0x0d, 0x0a) };

/** Messages whose length sits around `limit` bytes (with a CR, a multi-byte character or an invalid byte at the edge). */
export const nearLimit = (limit: number): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(b(), b(0x0d), utf8('é'), utf8('😀'), b(0xff), b(0xe2, 0x82)),
      fc.constantFrom('a', 'é'),
    )
    .map(([delta, edge, fill]) => {
      const unit = utf8(fill);
      const body = Math.max(0, limit + delta - edge.length);
      return concat([new Uint8Array(Buffer.alloc(body - (body % unit.length), unit)), edge]);
    });

export interface StreamOptions extends PieceOptions {
  maxMessages: number;
  /** Also generate messages right around this many bytes. */
  limit?: number;
}

/** Message bodies joined by LF or CR LF, and perhaps an unterminated tail. */
export const stream = (options: StreamOptions): fc.Arbitrary<Uint8Array> => {
  const body = fc.array(piece(options), { maxLength: 8 }).map(concat);
  const message = options.limit === undefined ? body : fc.oneof({ weight: 4, arbitrary: body }, { weight: 1, arbitrary: nearLimit(options.limit) });
  return fc
    .tuple(
      fc.array(fc.tuple(message, fc.constantFrom<Terminator>('lf', 'lf', 'crlf')), { maxLength: options.maxMessages }),
      fc.option(message, { freq: 2 }),
    )
    .map(([messages, tail]) => concat([...messages.flatMap(([m, t]) => [m, TERMINATORS[t]]), tail ?? b()]));
};

/** A write of part of the stream, then a wait before the next one. */
export interface Write {
  bytes: Uint8Array;
  delayMs: number;
}
export type Step = Write | { pause: true };

export interface Scenario {
  steps: Step[];
  /** Shut down the sending side after the last step (the server then answers any tail and ends the connection). */
  halfClose: boolean;
}

/**
 * Cuts bytes into writes: at random places (inside characters, between CR and LF), or one
 * byte per write; mostly back to back, sometimes a few ms apart, and (`longDelayMs`, strict
 * line mode only) now and then a long stall in the middle of a message.
 */
export const chunked = (bytes: Uint8Array, maxDelayMs: number, longDelayMs = 0): fc.Arbitrary<Write[]> => {
  const delay = fc.oneof(
    { weight: 12, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: maxDelayMs }) },
    { weight: longDelayMs > 0 ? 1 : 0, arbitrary: fc.integer({ min: maxDelayMs, max: Math.max(maxDelayMs, longDelayMs) }) },
  );
  if (bytes.length <= 1) return delay.map((delayMs) => (bytes.length === 0 ? [] : [{ bytes, delayMs }]));
  const byteByByte = bytes.length <= 48 ? 1 : 0;
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: Math.min(bytes.length - 1, 24) })
        .chain((cuts) => {
          const edges = [0, ...cuts.sort((x, y) => x - y), bytes.length];
          return fc.array(delay, { minLength: edges.length - 1, maxLength: edges.length - 1 }).map((delays) =>
            delays.map((delayMs, i) => ({ bytes: bytes.subarray(edges[i], edges[i + 1]), delayMs })),
          );
        }),
    },
    {
      weight: byteByByte,
      arbitrary: fc.constant([...bytes].map((byte) => ({ bytes: b(byte), delayMs: 0 }))),
    },
  );
};

/** Strict line mode: one stream, any chunking and timing, then (always) a half-close. */
export const strictScenario = (options: StreamOptions & { maxDelayMs: number; longDelayMs?: number }): fc.Arbitrary<Scenario> =>
  stream(options)
    .chain((bytes) => chunked(bytes, options.maxDelayMs, options.longDelayMs))
    .map((writes) => printable({ steps: writes, halfClose: true }));

/**
 * Quiet mode: bursts of bytes (delays inside a burst far below the quiet period), each
 * followed by a pause in which the client waits like a classic client; the last burst is
 * followed by a half-close instead, or by a pause too.
 */
export const quietScenario = (options: StreamOptions & { maxDelayMs: number; maxBursts: number }): fc.Arbitrary<Scenario> =>
  fc
    .tuple(
      fc.array(stream(options).chain((bytes) => chunked(bytes, options.maxDelayMs)), { minLength: 1, maxLength: options.maxBursts }),
      fc.boolean(),
    )
    .map(([bursts, halfClose]) =>
      printable({
        steps: bursts.flatMap((writes, i) => (halfClose && i === bursts.length - 1 ? writes : [...writes, { pause: true as const }])),
        halfClose,
      }),
    );

export function eventsOf(scenario: Scenario): Event[] {
  return scenario.steps.map((step) => ('pause' in step ? { pause: true } : { bytes: step.bytes }));
}

export function expectedFor(scenario: Scenario, quietMode: boolean, options: ModelOptions): string[] {
  return expectedReplies(eventsOf(scenario), scenario.halfClose, quietMode, options);
}

/** Hex of the bytes, runs of one byte shortened to "61×5000"; pauses and delays shown. */
function shortHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    let j = i + 1;
    while (j < bytes.length && bytes[j] === bytes[i]) j++;
    const byte = bytes[i].toString(16).padStart(2, '0');
    out += j - i >= 8 ? `[${byte}×${j - i}]` : byte.repeat(j - i);
    i = j;
  }
  return out;
}

export const describeScenario = (scenario: Scenario): string =>
  `${scenario.steps.map((step) => ('pause' in step ? 'PAUSE' : `${shortHex(step.bytes)}${step.delayMs ? `(+${step.delayMs}ms)` : ''}`)).join(' | ')}` +
  (scenario.halfClose ? ' | HALF-CLOSE' : '');

/** Scenarios print as describeScenario() in fast-check's counterexamples. */
const printable = (scenario: Scenario): Scenario =>
  Object.assign(scenario, { [fc.toStringMethod]: () => `«${describeScenario(scenario).slice(0, 3000)}»` });

// ---------------------------------------------------------------------------------------------
// Playing a scenario on a real connection

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A bare connection that collects reply lines; knows nothing about the protocol. */
export class RawConnection {
  readonly lines: string[] = [];
  private readonly replyLines = new LineSplitter();
  /** The bytes after the last LF: always the end of what the splitter holds and of this chunk. */
  private partial = Buffer.alloc(0);
  ended = false;
  closed = false;
  error: NodeJS.ErrnoException | undefined;
  private waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.replyLines.push(chunk, (line) => this.lines.push(line.toString('utf8')));
      const pending = this.replyLines.pendingBytes;
      this.partial = pending === 0 ? Buffer.alloc(0) : Buffer.concat([this.partial, chunk]).subarray(-pending);
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(host: string, port: number, timeoutMs = 10_000): Promise<RawConnection> {
    return new RawConnection(await connectWithin(host, port, timeoutMs, { allowHalfOpen: true }));
  }


  /** Bytes after the last LF (a reply cut short). */
  get unterminated(): string {
    return this.partial.toString('utf8');
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** True once `condition` holds, false if `timeoutMs` passes first. */
  async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((done) => {
        const timer = setTimeout(finish, left);
        this.waiters.add(finish);
        function finish(): void {
          clearTimeout(timer);
          done();
        }
      });
    }
    return true;
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }
}

export interface PlayResult {
  lines: string[];
  /** Bytes after the last LF when the connection ended. */
  unterminated: string;
  /** The server ended the connection (after a half-close). */
  ended: boolean;
  error: string | undefined;
}

export interface PlayOptions {
  /** The server's quiet period: a pause waits for the replies owed so far and at least this long (plus a margin) after the last write. */
  quietPeriodMs: number;
  model: ModelOptions;
  /** How long to wait for replies and for the end of the connection. */
  timeoutMs?: number;
}

/** Performs a scenario on a new connection and collects every reply line until the server ends it (or a timeout). */
export async function play(host: string, port: number, scenario: Scenario, options: PlayOptions): Promise<PlayResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connection = await RawConnection.open(host, port);
  try {
    let lastWrite = performance.now();
    for (const [index, step] of scenario.steps.entries()) {
      if ('pause' in step) {
        // Like a classic client: wait for the replies owed so far, and for the quiet period to pass.
        const owed = expectedReplies(eventsOf({ steps: scenario.steps.slice(0, index + 1), halfClose: false }), false, true, options.model).length;
        await connection.until(() => connection.lines.length >= owed || connection.closed, timeoutMs);
        const waited = performance.now() - lastWrite;
        const margin = options.quietPeriodMs + 150;
        if (waited < margin) await sleep(margin - waited);
        continue;
      }
      if (connection.closed) break;
      await connection.write(step.bytes);
      lastWrite = performance.now();
      if (step.delayMs > 0) await sleep(step.delayMs);
    }
    if (scenario.halfClose) {
      connection.socket.end();
      await connection.until(() => connection.ended || connection.closed, timeoutMs);
    } else {
      const owed = expectedFor(scenario, options.quietPeriodMs > 0, options.model).length;
      await connection.until(() => connection.lines.length >= owed || connection.closed, timeoutMs);
      await sleep(50); // room for a reply too many
    }
    return {
      lines: [...connection.lines],
      unterminated: connection.unterminated,
      ended: connection.ended,
      error: connection.error?.code ?? connection.error?.message,
    };
  } finally {
    connection.socket.destroy();
  }
}
