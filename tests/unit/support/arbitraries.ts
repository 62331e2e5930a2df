import fc from 'fast-check';
import { bytes, utf8 } from './bytes';

/**
 * Text that exercises the interesting parts of Unicode: astral characters, combining marks,
 * ZWJ sequences, regional indicators, Hangul jamo, Indic conjuncts and controls.
 * (U+FEFF is deliberately not in the pool: see the byte-order-mark test in graphemes.test.ts.)
 */
const TRICKY_TEXT = [
  'a', 'Z', ' ', '\t', '\r', '\0', '\x1b', '\x7f', '\u0085', '\u00e9', 'e\u0301', '\u0301', '\u0308\u0301',
  '😀', '\u{1F44D}\u{1F3FD}', '\u{1F3FD}', '\u200d', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
  '\u{1F1EE}', '\u{1F1E9}', '\u{1F1EE}\u{1F1E9}', '你', '好', '\u1100', '\u1161', '\u11a8', '한',
  'क', '\u094d', 'ष', 'न\u094dम', '\u2028', '\u202e', '\u{10FFFF}', '\u{E0061}', '\uFFFD', '\u0600', '\uFEFF',
];

export const trickyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }) },
);

/** A random line of text: no LF, anything else allowed. */
export const lineText: fc.Arbitrary<string> = fc
  .array(trickyText, { maxLength: 12 })
  .map((parts) => parts.join('').replaceAll('\n', ''));

/** Byte sequences around the edges of UTF-8 validity. */
const TRICKY_BYTES: Uint8Array[] = [
  bytes(0x0d), bytes(0x0a), bytes(0x0d, 0x0a), bytes(0x0d, 0x0d),
  bytes(0x80), bytes(0xbf), bytes(0xc0), bytes(0xc1), bytes(0xc2), bytes(0xdf),
  bytes(0xe0), bytes(0xe0, 0xa0), bytes(0xe0, 0x9f), bytes(0xed), bytes(0xed, 0x9f), bytes(0xed, 0xa0),
  bytes(0xef), bytes(0xf0), bytes(0xf0, 0x90), bytes(0xf0, 0x8f), bytes(0xf4), bytes(0xf4, 0x8f), bytes(0xf4, 0x90),
  bytes(0xf5), bytes(0xf7), bytes(0xf8), bytes(0xff), bytes(0xe2, 0x82), bytes(0xf0, 0x9f, 0x98),
];

/** Pieces of a byte stream: mostly valid UTF-8, with invalid bytes, truncated sequences, CRs and LFs mixed in. */
export const streamPiece: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: trickyText.map(utf8) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_BYTES) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 4 }) },
);

export const byteStream = (maxPieces: number): fc.Arbitrary<Uint8Array> =>
  fc.array(streamPiece, { maxLength: maxPieces }).map((pieces) => new Uint8Array(Buffer.concat(pieces)));

/** Sorted, distinct cut positions strictly inside a stream of `length` bytes. */
export const cutsFor = (length: number): fc.Arbitrary<number[]> =>
  length < 2
    ? fc.constant([])
    : fc
        .uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: Math.min(length - 1, 12) })
        .map((cuts) => cuts.sort((x, y) => x - y));
