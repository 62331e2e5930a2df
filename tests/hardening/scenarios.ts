/**
 * Generated client behaviour for the fuzz tests: a byte stream (byte-streams.ts) cut into
 * random chunks written with random delays, with quiet pauses and a half-close; what the
 * replies to it should be, from the independent model in model.ts; and how it prints.
 * play.ts performs one on a connection.
 *
 * No vitest here, so the loopback suite, the container suite and the soak can all use it;
 * and nothing from protocol/'s decoder: the expected replies come from the model alone.
 */
import fc from 'fast-check';
import { stream, type StreamOptions } from './byte-streams';
import { expectedReplies, type Event, type ModelOptions } from './model';

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
      arbitrary: fc.constant([...bytes].map((byte) => ({ bytes: Uint8Array.of(byte), delayMs: 0 }))),
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
