import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageDecoderOptions, MessageOutcome } from '../../protocol';
import { byteStream, cutsFor, lineText } from './support/arbitraries';
import {
  bytes,
  concat,
  decodeChunks,
  decodeWhole,
  expectedOutcomes,
  graphemeCount,
  isolate,
  referenceDecode,
  splitAt,
  utf8,
} from './support/reference';

/** A TextDecoder that, like Python's "utf-8" codec, keeps a leading U+FEFF (the default one strips it). */
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

const detailed: MessageDecoderOptions = { maxMessageBytes: 0, detailedCounts: true };

describe('property: the count of any text is its number of code points', () => {
  it('half-closed text: chars = [...s].length, bytes = Buffer.byteLength, utf16Units = s.length, graphemes = Intl.Segmenter', () => {
    fc.assert(
      fc.property(lineText, (s) => {
        fc.pre(s.length > 0);
        const outcomes = decodeWhole(utf8(s), detailed, 'half-close');
        expect(outcomes).toHaveLength(1);
        expect(outcomes[0]).toMatchObject({
          kind: 'count',
          chars: [...s].length,
          bytes: Buffer.byteLength(s),
          utf16Units: s.length,
          graphemes: graphemeCount(s),
        });
      }),
      { numRuns: 400 },
    );
  });

  it('any full-Unicode string (astral, controls, lone CRs) sent as a line counts like Python', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean(), (raw, crlf) => {
        const s = raw.replaceAll('\n', '');
        const outcomes = decodeWhole(utf8(s + (crlf ? '\r\n' : '\n')), { maxMessageBytes: 0 }, null);
        // The CR right before the LF is the terminator's, not the message's.
        const content = !crlf && s.endsWith('\r') ? s.slice(0, -1) : s;
        expect(outcomes).toEqual([
          { kind: 'count', chars: [...content].length, bytes: Buffer.byteLength(content), preview: Buffer.alloc(0) },
        ]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('property: outcomes agree with a plain reference model of the protocol', () => {
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
      { numRuns: 600 },
    );
  });
});

describe('property: TCP chunking never changes the replies', () => {
  const options: MessageDecoderOptions = { maxMessageBytes: 24, detailedCounts: true, previewBytes: 4 };

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
      { numRuns: 150 },
    );
  });

  it('for random streams and random multi-point chunkings, outcomes are identical and in the same order', () => {
    const streamWithCuts = byteStream(30).chain((stream) => fc.tuple(fc.constant(stream), cutsFor(stream.length), fc.boolean()));
    fc.assert(
      fc.property(streamWithCuts, ([stream, cuts, copy]) => {
        const chunks = splitAt(stream, cuts);
        expect(decodeChunks(copy ? isolate(chunks) : chunks, options)).toEqual(decodeWhole(stream, options));
      }),
      { numRuns: 600 },
    );
  });
});

describe('property: random bytes are rejected exactly when they are not UTF-8', () => {
  /** The contents of the messages in a stream, framed the protocol's way. */
  function contents(stream: Uint8Array): Uint8Array[] {
    const parts: Uint8Array[] = [];
    let start = 0;
    for (let i = 0; i < stream.length; i++) {
      if (stream[i] !== 0x0a) continue;
      parts.push(stream.subarray(start, i > start && stream[i - 1] === 0x0d ? i - 1 : i));
      start = i + 1;
    }
    if (start < stream.length) parts.push(stream.subarray(start));
    return parts;
  }

  function check(stream: Uint8Array): void {
    const outcomes = decodeWhole(stream, { maxMessageBytes: 0 });
    const messages = contents(stream);
    expect(outcomes).toHaveLength(messages.length);
    messages.forEach((content, index) => {
      const outcome: MessageOutcome = outcomes[index];
      const valid = isUtf8(content);
      expect(outcome.kind, `message ${index}`).toBe(valid ? 'count' : 'invalid-utf8');
      if (outcome.kind === 'count') {
        expect(outcome.chars).toBe([...textDecoder.decode(content)].length);
        expect(outcome.bytes).toBe(content.length);
      } else if (outcome.kind === 'invalid-utf8') {
        const reference = referenceDecode(content);
        expect(reference.ok).toBe(false);
        if (!reference.ok) {
          expect(outcome.error.offset).toBe(reference.error.offset);
          expect(outcome.error).toEqual(reference.error);
        }
        // Everything before the offset decodes; the byte at the offset does not start a valid character.
        expect(isUtf8(content.subarray(0, outcome.error.offset))).toBe(true);
        expect(outcome.bytes).toBe(content.length);
      }
    });
  }

  it('fc.uint8Array: invalid iff !isUtf8, offset = reference decoder, count = TextDecoder code points', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (stream) => check(stream)), { numRuns: 1000 });
  });

  it('the same for streams built from near-valid pieces (valid text, truncated and overlong sequences)', () => {
    fc.assert(fc.property(byteStream(24), (stream) => check(stream)), { numRuns: 1000 });
  });

  it('the same for every 1- and 2-byte message and every 3-byte message starting with a multi-byte lead', () => {
    for (let b0 = 0; b0 < 256; b0++) {
      if (b0 === 0x0a) continue;
      check(bytes(b0, 0x0a));
      for (let b1 = 0; b1 < 256; b1++) {
        if (b1 === 0x0a) continue;
        check(bytes(b0, b1, 0x0a));
      }
    }
    for (const b0 of [0xe0, 0xe1, 0xed, 0xee, 0xf0, 0xf1, 0xf4]) {
      for (let b1 = 0x70; b1 < 0xd0; b1++) {
        for (let b2 = 0x70; b2 < 0xd0; b2 += 3) check(bytes(b0, b1, b2, 0x0a));
      }
    }
  });
});

/** Cheap deep-equality for the hot loops (expect() is only called to explain a difference). */
function isEqualOutcomes(a: MessageOutcome[], b: MessageOutcome[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
