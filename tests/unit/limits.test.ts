import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MESSAGE_BYTES, type MessageOutcome } from '../../protocol';
import { bytes, concat, utf8 } from './support/bytes';
import { DECODERS } from './support/decoders';

const LIMIT = 8;
const opts = { maxMessageBytes: LIMIT, previewBytes: 4 };
const a = (n: number): Uint8Array => utf8('a'.repeat(n));
const CR = bytes(0x0d);
const LF = bytes(0x0a);

const summary = (outcomes: MessageOutcome[]): (number | string)[] =>
  outcomes.map((o) => (o.kind === 'count' ? o.chars : o.kind));

describe.each(DECODERS)('$name', ({ decodeChunks, decodeWhole, newDecoder }) => {
  /** Pushes chunks one by one and records which push produced which outcomes. */
  function perPush(chunks: Uint8Array[], options = opts): MessageOutcome[][] {
    const decoder = newDecoder(options);
    return chunks.map((chunk) => {
      const seen: MessageOutcome[] = [];
      decoder.push(chunk, (o) => seen.push(o));
      return seen;
    });
  }

  describe('message length limit', () => {
    it('the default limit is 16 MiB', () => {
      expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(16 * 1024 * 1024);
    });

    it('a message of exactly maxMessageBytes is counted', () => {
      expect(summary(decodeWhole(concat(a(LIMIT), LF), opts, null))).toEqual([LIMIT]);
    });

    it('a message of exactly maxMessageBytes at half-close is counted', () => {
      expect(summary(decodeWhole(a(LIMIT), opts, 'half-close'))).toEqual([LIMIT]);
    });

    it('a limit counts bytes, not characters: 4 two-byte characters fit in 8 bytes, one more does not', () => {
      expect(summary(decodeWhole(utf8('éééé\n'), opts, null))).toEqual([4]);
      expect(summary(decodeWhole(utf8('éééé!\n'), opts, null))).toEqual(['too-long']);
    });

    it('one byte over gets one too-long outcome, with the limit and a preview', () => {
      const outcomes = decodeWhole(concat(a(LIMIT + 1), LF), opts, null);
      expect(outcomes).toEqual([{ kind: 'too-long', limit: LIMIT, preview: Buffer.from('aaaa') }]);
    });

    it('the too-long outcome comes as soon as the limit is crossed, before the LF arrives', () => {
      const replies = perPush([a(LIMIT), bytes(0x62), a(100), a(100), LF]);
      expect(replies.map(summary)).toEqual([[], ['too-long'], [], [], []]);
    });

    it('nothing more is reported for the rest of an oversized message, however it is chunked', () => {
      const rest = concat(a(50), bytes(0xff, 0xc0, 0xe2, 0x82), CR, a(3));
      const outcomes = decodeChunks([a(LIMIT + 1), ...[...rest].map((b) => bytes(b)), LF], opts, null);
      expect(summary(outcomes)).toEqual(['too-long']);
    });

    it('invalid UTF-8 in an oversized message is not reported on top of too-long', () => {
      expect(summary(decodeWhole(concat(bytes(0xff), a(LIMIT), LF), opts, null))).toEqual(['too-long']);
      expect(summary(decodeChunks([bytes(0xff), a(LIMIT), LF], opts, null))).toEqual(['too-long']);
    });

    it('the message after an oversized one is counted normally', () => {
      const outcomes = decodeWhole(concat(a(LIMIT * 3), LF, utf8('Halo\n'), a(LIMIT), CR, LF), opts, null);
      expect(summary(outcomes)).toEqual(['too-long', 4, LIMIT]);
    });

    it('the message after an oversized one is counted normally when the LF arrives alone', () => {
      expect(summary(decodeChunks([a(LIMIT + 5), LF, utf8('ok'), LF], opts, null))).toEqual(['too-long', 2]);
    });

    it('an oversized message ended by half-close gets its one too-long outcome and nothing else', () => {
      expect(summary(decodeWhole(a(LIMIT + 5), opts, 'half-close'))).toEqual(['too-long']);
    });

    it('maxMessageBytes 0 means no limit', () => {
      expect(summary(decodeWhole(concat(a(100_000), LF), { maxMessageBytes: 0 }, null))).toEqual([100_000]);
    });
  });

  describe('message length limit and the CR of a CR LF', () => {
    it('exactly-at-limit followed by CR LF is counted (the CR is dropped before the limit applies)', () => {
      expect(summary(decodeWhole(concat(a(LIMIT), CR, LF), opts, null))).toEqual([LIMIT]);
    });

    it('exactly-at-limit then CR | LF in two chunks is counted', () => {
      expect(summary(decodeChunks([concat(a(LIMIT), CR), LF], opts, null))).toEqual([LIMIT]);
    });

    it('exactly-at-limit | CR | LF in three chunks is counted, and the CR alone is not yet too long', () => {
      const replies = perPush([a(LIMIT), CR, LF]);
      expect(replies.map(summary)).toEqual([[], [], [LIMIT]]);
    });

    it('exactly-at-limit | CR LF in two chunks is counted', () => {
      expect(summary(decodeChunks([a(LIMIT), concat(CR, LF)], opts, null))).toEqual([LIMIT]);
    });

    it('limit minus one | CR | CR LF: the first CR is content, so the message is at the limit and counted', () => {
      expect(summary(decodeChunks([a(LIMIT - 1), CR, concat(CR, LF)], opts, null))).toEqual([LIMIT]);
    });

    it('at-limit then CR then another byte is too long, reported when that byte arrives', () => {
      const replies = perPush([concat(a(LIMIT), CR), bytes(0x62), LF]);
      expect(replies.map(summary)).toEqual([[], ['too-long'], []]);
    });

    it('at-limit then CR CR LF is too long: only the last CR is dropped', () => {
      expect(summary(decodeWhole(concat(a(LIMIT), CR, CR, LF), opts, null))).toEqual(['too-long']);
      expect(summary(decodeChunks([concat(a(LIMIT), CR), concat(CR, LF)], opts, null))).toEqual(['too-long']);
    });

    it('finish(half-close) on a message of limit+1 bytes ending in CR is too long (the CR is content)', () => {
      expect(summary(decodeWhole(concat(a(LIMIT), CR), opts, 'half-close'))).toEqual(['too-long']);
    });

    it('finish(quiet) on a message of limit+1 bytes ending in CR is too long, and the decoder is reset', () => {
      const decoder = newDecoder(opts);
      const seen: MessageOutcome[] = [];
      const collect = (o: MessageOutcome): void => {
        seen.push(o);
      };
      decoder.push(concat(a(LIMIT), CR), collect);
      expect(seen).toEqual([]);
      decoder.finish('quiet', collect);
      expect(summary(seen)).toEqual(['too-long']);
      expect(seen[0]).toEqual({ kind: 'too-long', limit: LIMIT, preview: Buffer.from('aaaa') });
      expect(decoder.hasPendingBytes).toBe(false);
      decoder.push(utf8('ok\n'), collect);
      expect(summary(seen)).toEqual(['too-long', 2]);
    });

    it('an oversized CR-ended chunk is too long at once when more than one byte over', () => {
      const replies = perPush([concat(a(LIMIT + 1), CR), LF]);
      expect(replies.map(summary)).toEqual([['too-long'], []]);
    });

    it('a limit of 1: "a\\r\\n" is counted, "ab\\n" is too long, "\\r\\r\\n" is counted as 1', () => {
      const tiny = { maxMessageBytes: 1 };
      expect(summary(decodeWhole(utf8('a\r\nab\n\r\r\n'), tiny, null))).toEqual([1, 'too-long', 1]);
      expect(summary(decodeChunks([utf8('a'), CR, LF, utf8('a'), utf8('b'), LF, CR, CR, LF], tiny, null))).toEqual([1, 'too-long', 1]);
    });
  });
});
