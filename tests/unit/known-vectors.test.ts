import { describe, expect, it } from 'vitest';
import type { MessageOutcome } from '../../protocol';
import { bytes, concat, utf8 } from './support/bytes';
import { DECODERS } from './support/decoders';
import { graphemeCount } from './support/protocol-model';

const detailed = { maxMessageBytes: 0, detailedCounts: true };

describe.each(DECODERS)('$name', ({ decodeChunks, decodeWhole, newDecoder }) => {
  /** The single outcome for `text` sent as one line. */
  function countLine(text: string): MessageOutcome {
    const outcomes = decodeWhole(utf8(`${text}\n`), detailed, null);
    expect(outcomes).toHaveLength(1);
    return outcomes[0];
  }

  function counts(outcome: MessageOutcome): { chars: number; bytes: number; utf16Units?: number; graphemes?: number } {
    if (outcome.kind !== 'count') throw new Error(`expected a count, got ${JSON.stringify(outcome)}`);
    const { chars, bytes: byteCount, utf16Units, graphemes } = outcome;
    return { chars, bytes: byteCount, utf16Units, graphemes };
  }

  describe('what is counted (the table on the protocol page)', () => {
    it.each([
      ['Halo dunia', 'Halo dunia', { chars: 10, bytes: 10, utf16Units: 10, graphemes: 10 }],
      ['é precomposed (U+00E9)', '\u00e9', { chars: 1, bytes: 2, utf16Units: 1, graphemes: 1 }],
      ['e + combining acute (U+0301)', 'e\u0301', { chars: 2, bytes: 3, utf16Units: 2, graphemes: 1 }],
      ['😀 (astral emoji)', '😀', { chars: 1, bytes: 4, utf16Units: 2, graphemes: 1 }],
      ['🇮🇩 flag (two regional indicators)', '🇮🇩', { chars: 2, bytes: 8, utf16Units: 4, graphemes: 1 }],
      ['👨‍👩‍👧‍👦 ZWJ family', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}', { chars: 7, bytes: 25, utf16Units: 11, graphemes: 1 }],
      ['👍🏽 emoji with skin tone', '\u{1F44D}\u{1F3FD}', { chars: 2, bytes: 8, utf16Units: 4, graphemes: 1 }],
      ['CJK 你好世界', '你好世界', { chars: 4, bytes: 12, utf16Units: 4, graphemes: 4 }],
      ['Hangul 한국어', '한국어', { chars: 3, bytes: 9, utf16Units: 3, graphemes: 3 }],
      // Devanagari conjuncts are one grapheme since Unicode 15.1 (rule GB9c); take the count from the runtime's ICU.
      ['Devanagari नमस्ते', 'नमस्ते', { chars: 6, bytes: 18, utf16Units: 6, graphemes: graphemeCount('नमस्ते') }],
      ['astral CJK 𠀀 (U+20000)', '\u{20000}', { chars: 1, bytes: 4, utf16Units: 2, graphemes: 1 }],
      ['highest code point U+10FFFF', '\u{10FFFF}', { chars: 1, bytes: 4, utf16Units: 2, graphemes: 1 }],
      ['NUL byte', '\0', { chars: 1, bytes: 1, utf16Units: 1, graphemes: 1 }],
      ['tab and ESC controls', 'a\tb\x1b', { chars: 4, bytes: 4, utf16Units: 4, graphemes: 4 }],
      ['empty line', '', { chars: 0, bytes: 0, utf16Units: 0, graphemes: 0 }],
    ])('%s', (_name, text, expected) => {
      expect(counts(countLine(text))).toEqual(expected);
    });

    it('counts a leading byte-order mark (EF BB BF) as one character, like Python', () => {
      expect(counts(countLine('\uFEFF')).chars).toBe(1);
      expect(counts(countLine('\uFEFFab')).chars).toBe(3);
    });
  });

  describe('framing: where a message ends and what is dropped', () => {
    const opts = { maxMessageBytes: 0 };
    const chars = (outcomes: MessageOutcome[]): number[] =>
      outcomes.map((outcome) => (outcome.kind === 'count' ? outcome.chars : Number.NaN));

    it('"a\\r\\n" counts 1: the CR before the LF is dropped', () => {
      expect(chars(decodeWhole(utf8('a\r\n'), opts, null))).toEqual([1]);
    });

    it('"\\r\\n" alone is an empty message', () => {
      expect(chars(decodeWhole(utf8('\r\n'), opts, null))).toEqual([0]);
    });

    it('"a\\r" at half-close counts 2: a CR not followed by LF is an ordinary character', () => {
      expect(chars(decodeWhole(utf8('a\r'), opts, 'half-close'))).toEqual([2]);
    });

    it('"a\\r" after the quiet period counts 2', () => {
      expect(chars(decodeWhole(utf8('a\r'), opts, 'quiet'))).toEqual([2]);
    });

    it('"a\\rb\\n" counts 3: a CR inside a message is counted', () => {
      expect(chars(decodeWhole(utf8('a\rb\n'), opts, null))).toEqual([3]);
    });

    it('only one CR is dropped: "a\\r\\r\\n" counts 2', () => {
      expect(chars(decodeWhole(utf8('a\r\r\n'), opts, null))).toEqual([2]);
    });

    it('a CR LF split across two chunks is still a CR LF line end', () => {
      expect(chars(decodeChunks([utf8('a\r'), utf8('\n')], opts, null))).toEqual([1]);
      expect(chars(decodeChunks([utf8('a'), utf8('\r'), utf8('\n')], opts, null))).toEqual([1]);
    });

    it('pipelined messages in one chunk each get their own count, in order', () => {
      expect(chars(decodeWhole(utf8('satu\ndua\n\ntiga\r\n'), opts, null))).toEqual([4, 3, 0, 4]);
    });

    it('a message without LF is only answered when the caller ends it', () => {
      const decoder = newDecoder(opts);
      const seen: MessageOutcome[] = [];
      decoder.push(utf8('Pesan tanpa baris baru'), (o) => seen.push(o));
      expect(seen).toEqual([]);
      expect(decoder.hasPendingBytes).toBe(true);
      decoder.finish('quiet', (o) => seen.push(o));
      expect(chars(seen)).toEqual([22]);
      expect(decoder.hasPendingBytes).toBe(false);
    });

    it('finish with nothing pending produces no reply', () => {
      const decoder = newDecoder(opts);
      const seen: MessageOutcome[] = [];
      decoder.finish('half-close', (o) => seen.push(o));
      decoder.push(utf8('x\n'), (o) => seen.push(o));
      decoder.finish('quiet', (o) => seen.push(o));
      decoder.finish('half-close', (o) => seen.push(o));
      expect(chars(seen)).toEqual([1]);
    });

    it('the decoder is usable after each kind of message end', () => {
      const decoder = newDecoder(opts);
      const seen: MessageOutcome[] = [];
      const collect = (o: MessageOutcome): void => {
        seen.push(o);
      };
      decoder.push(utf8('ab\r'), collect);
      decoder.finish('quiet', collect);
      decoder.push(utf8('\n'), collect); // an LF after the quiet period ends an empty message
      decoder.push(concat(utf8('x'), bytes(0xff), utf8('\n')), collect);
      decoder.push(utf8('é'), collect);
      decoder.finish('half-close', collect);
      expect(seen.map((o) => o.kind)).toEqual(['count', 'count', 'invalid-utf8', 'count']);
      expect(chars([seen[0], seen[1], seen[3]])).toEqual([3, 0, 1]);
    });

    it('an empty chunk changes nothing', () => {
      expect(chars(decodeChunks([utf8('a\r'), new Uint8Array(0), utf8('\n'), new Uint8Array(0)], opts, null))).toEqual([1]);
    });

    it('reports the byte length of the message without its terminator', () => {
      const [outcome] = decodeWhole(utf8('héllo\r\n'), opts, null);
      expect(outcome).toMatchObject({ kind: 'count', chars: 5, bytes: 6 });
    });

    it('without detailedCounts, no UTF-16 or grapheme counts are computed', () => {
      const [outcome] = decodeWhole(utf8('😀\n'), opts, null);
      expect(outcome).toMatchObject({ kind: 'count', chars: 1, bytes: 4 });
      expect(outcome).not.toHaveProperty('utf16Units');
      expect(outcome).not.toHaveProperty('graphemes');
    });

    it('keeps the first previewBytes bytes of each message, without the CR LF', () => {
      const outcomes = decodeWhole(utf8('hello world\r\nab\r\n'), { maxMessageBytes: 0, previewBytes: 5 }, null);
      expect(outcomes.map((o) => o.preview.toString('latin1'))).toEqual(['hello', 'ab']);
    });
  });
});
