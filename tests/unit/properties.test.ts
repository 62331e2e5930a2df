import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageDecoderOptions, MessageOutcome } from '../../protocol';
import { codePointsOf } from '../support/utf8-oracle';
import { byteStream, cutsFor, lineText } from './support/arbitraries';
import { bytes, concat, isolate, splitAt, utf8 } from './support/bytes';
import { DECODERS } from './support/decoders';
import { expectedOutcomes, graphemeCount } from './support/protocol-model';

const detailed: MessageDecoderOptions = { maxMessageBytes: 0, detailedCounts: true };

/**
 * Every property runs once per decoder (six of them), so each runs a sixth to a quarter of the
 * cases it ran when there was one decoder: together they keep the unit project's time.
 */
const runs = (count: number): { numRuns: number } => ({ numRuns: count });

/** A stream with every feature at once: CR LF, lone CRs, invalid and truncated UTF-8, oversized lines, graphemes. */
const RICH_STREAM = concat(
  utf8('Halo dunia\r\n'),
  utf8('e\u0301🇮🇩\u{1F468}\u200d\u{1F469}\n'),
  bytes(0xe2, 0x82, 0x0d, 0x0a),
  utf8('a\rb\n'),
  utf8('\r\n\n'),
  utf8('ab'), bytes(0xf0, 0x9f, 0x98), utf8('c\n'),
  utf8('abcdefghijklmnopqrstuvwx'), bytes(0x0d, 0x0a), // exactly at the limit
  utf8('abcdefghijklmnopqrstuvwxy'), bytes(0xff), utf8('\r\n'), // over the limit
  bytes(0xed, 0xa0, 0x80, 0x0a),
  utf8('😀你\r'),
);

/** Every message of one or two bytes, and every three-byte message with a multi-byte lead, each ended by LF. */
const SHORT_MESSAGES = ((): Uint8Array[] => {
  const messages: Uint8Array[] = [];
  for (let b0 = 0; b0 < 256; b0++) {
    if (b0 === 0x0a) continue;
    messages.push(bytes(b0, 0x0a));
    for (let b1 = 0; b1 < 256; b1++) if (b1 !== 0x0a) messages.push(bytes(b0, b1, 0x0a));
  }
  for (const b0 of [0xe0, 0xe1, 0xed, 0xee, 0xf0, 0xf1, 0xf4]) {
    for (let b1 = 0x70; b1 < 0xd0; b1++) {
      for (let b2 = 0x70; b2 < 0xd0; b2 += 3) messages.push(bytes(b0, b1, b2, 0x0a));
    }
  }
  return messages;
})();
const SHORT_MESSAGES_STREAM = concat(...SHORT_MESSAGES);
let shortMessagesExpected: MessageOutcome[] | undefined;

describe.each(DECODERS)('$name', ({ decodeChunks, decodeWhole, newDecoder }) => {
  describe('property: the count of any text is its number of code points', () => {
    it('half-closed text: chars = code points, bytes = Buffer.byteLength, utf16Units = s.length, graphemes = Intl.Segmenter', () => {
      fc.assert(
        fc.property(lineText, (s) => {
          fc.pre(s.length > 0);
          const outcomes = decodeWhole(utf8(s), detailed, 'half-close');
          expect(outcomes).toHaveLength(1);
          expect(outcomes[0]).toMatchObject({
            kind: 'count',
            chars: codePointsOf(s),
            bytes: Buffer.byteLength(s),
            utf16Units: s.length,
            graphemes: graphemeCount(s),
          });
        }),
        runs(100),
      );
    });

    it('any full-Unicode string (astral, controls, lone CRs) sent as a line counts like Python', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (raw, crlf) => {
          const s = raw.replaceAll('\n', '');
          const outcomes = decodeWhole(utf8(s + (crlf ? '\r\n' : '\n')), { maxMessageBytes: 0 }, null);
          // The CR right before the LF is the terminator's, not the message's.
          const content = !crlf && s.endsWith('\r') ? s.slice(0, -1) : s;
          expect(outcomes).toEqual([{ kind: 'count', chars: codePointsOf(content), bytes: Buffer.byteLength(content), preview: Buffer.alloc(0) }]);
        }),
        runs(100),
      );
    });
  });

  describe('property: outcomes agree with a plain model of the protocol', () => {
    const optionSets: MessageDecoderOptions[] = [
      { maxMessageBytes: 0, detailedCounts: true, previewBytes: 6 },
      { maxMessageBytes: 12, detailedCounts: true, previewBytes: 5 },
      { maxMessageBytes: 3 },
    ];

    it('for random byte streams, every message gets the outcome the model predicts', () => {
      fc.assert(
        fc.property(byteStream(24), fc.constantFrom(...optionSets), (stream, options) => {
          expect(decodeWhole(stream, options)).toEqual(expectedOutcomes(stream, options));
        }),
        runs(150),
      );
    });

    it('for long streams of mostly valid text (the kernels take runs of 32 bytes and more), outcomes are the model’s', () => {
      fc.assert(
        fc.property(byteStream(200), cutsFor(2000), (stream, cuts) => {
          const inside = cuts.filter((cut) => cut < stream.length);
          expect(decodeChunks(splitAt(stream, inside), detailed)).toEqual(expectedOutcomes(stream, detailed));
        }),
        runs(60),
      );
    });
  });

  describe('property: TCP chunking never changes the replies', () => {
    const options: MessageDecoderOptions = { maxMessageBytes: 24, detailedCounts: true, previewBytes: 4 };

    it('splitting a rich multi-message stream at every single position gives the same outcomes as one chunk', () => {
      const whole = decodeWhole(RICH_STREAM, options);
      expect(whole).toEqual(expectedOutcomes(RICH_STREAM, options));
      expect(whole.map((o) => o.kind)).toEqual([
        'count', 'count', 'invalid-utf8', 'count', 'count', 'count', 'invalid-utf8', 'count', 'too-long', 'invalid-utf8', 'count',
      ]);
      for (let cut = 0; cut <= RICH_STREAM.length; cut++) {
        expect(decodeChunks(splitAt(RICH_STREAM, [cut]), options), `cut at ${cut}`).toEqual(whole);
        expect(decodeChunks(isolate(splitAt(RICH_STREAM, [cut])), options), `isolated cut at ${cut}`).toEqual(whole);
      }
    });

    it('splitting the rich stream at every pair of positions gives the same outcomes', () => {
      const whole = decodeWhole(RICH_STREAM, options);
      for (let first = 1; first < RICH_STREAM.length; first++) {
        for (let second = first + 1; second < RICH_STREAM.length; second++) {
          const outcomes = decodeChunks(splitAt(RICH_STREAM, [first, second]), options);
          if (!isEqualOutcomes(outcomes, whole)) expect(outcomes, `cuts at ${first}, ${second}`).toEqual(whole);
        }
      }
    });

    it('sending the rich stream one byte at a time gives the same outcomes', () => {
      const whole = decodeWhole(RICH_STREAM, options);
      expect(decodeChunks([...RICH_STREAM].map((b) => bytes(b)), options)).toEqual(whole);
    });

    it('for random streams, a split at every single position gives the same outcomes as one chunk', () => {
      fc.assert(
        fc.property(byteStream(16), (stream) => {
          const whole = decodeWhole(stream, options);
          for (let cut = 1; cut < stream.length; cut++) {
            const outcomes = decodeChunks(splitAt(stream, [cut]), options);
            if (!isEqualOutcomes(outcomes, whole)) expect(outcomes, `cut at ${cut}`).toEqual(whole);
          }
        }),
        runs(40),
      );
    });

    it('for random streams and random multi-point chunkings, outcomes are identical and in the same order', () => {
      const streamWithCuts = byteStream(30).chain((stream) => fc.tuple(fc.constant(stream), cutsFor(stream.length), fc.boolean()));
      fc.assert(
        fc.property(streamWithCuts, ([stream, cuts, copy]) => {
          const chunks = splitAt(stream, cuts);
          expect(decodeChunks(copy ? isolate(chunks) : chunks, options)).toEqual(decodeWhole(stream, options));
        }),
        runs(150),
      );
    });
  });

  describe('property: random bytes are rejected exactly when they are not UTF-8, at the oracle’s offset', () => {
    const plain: MessageDecoderOptions = { maxMessageBytes: 0 };

    it('fc.uint8Array: every message gets the oracle’s count or error', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (stream) => {
        expect(decodeWhole(stream, plain)).toEqual(expectedOutcomes(stream, plain));
      }), runs(250));
    });

    it('the same for streams built from near-valid pieces (valid text, truncated and overlong sequences)', () => {
      fc.assert(fc.property(byteStream(24), (stream) => {
        expect(decodeWhole(stream, plain)).toEqual(expectedOutcomes(stream, plain));
      }), runs(250));
    });

    it('the same for every 1- and 2-byte message and every 3-byte message starting with a multi-byte lead, pipelined in one read and one read each', () => {
      shortMessagesExpected ??= expectedOutcomes(SHORT_MESSAGES_STREAM, plain);
      const expected = shortMessagesExpected;
      expect(expected).toHaveLength(SHORT_MESSAGES.length);
      expectSameOutcomes(decodeWhole(SHORT_MESSAGES_STREAM, plain, null), expected);
      const decoder = newDecoder(plain);
      const oneReadEach: MessageOutcome[] = [];
      for (const message of SHORT_MESSAGES) decoder.push(message, (outcome) => oneReadEach.push(outcome));
      expectSameOutcomes(oneReadEach, expected);
    });
  });
});

/** Cheap deep-equality for the hot loops (expect() is only called to explain a difference). */
function isEqualOutcomes(a: MessageOutcome[], b: MessageOutcome[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Compares long outcome lists cheaply, and shows the first message that differs. */
function expectSameOutcomes(actual: MessageOutcome[], expected: MessageOutcome[]): void {
  expect(actual).toHaveLength(expected.length);
  const index = actual.findIndex((outcome, i) => JSON.stringify(outcome) !== JSON.stringify(expected[i]));
  if (index !== -1) expect(actual[index], `message ${index}: ${Buffer.from(SHORT_MESSAGES[index]).toString('hex')}`).toEqual(expected[index]);
}
