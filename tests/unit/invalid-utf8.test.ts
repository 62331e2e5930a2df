import { describe, expect, it } from 'vitest';
import { describeUtf8Error, formatReply, type MessageOutcome, type Utf8ErrorReason } from '../../protocol';
import { firstUtf8Error } from '../support/utf8-oracle';
import { bytes, concat, utf8 } from './support/bytes';
import { DECODERS } from './support/decoders';

const opts = { maxMessageBytes: 0 };

interface Case {
  name: string;
  /** Message content, terminator excluded. */
  content: Uint8Array;
  offset: number;
  reason: Utf8ErrorReason;
  /** A fragment the reply's explanation must contain. */
  says: string;
}

const abc = utf8('abc');
/** 20 × 13 bytes of 2-, 3- and 4-byte characters and ASCII. */
const LONG_VALID_TEXT = utf8('é€😀 abc'.repeat(20));

const CASES: Case[] = [
  { name: 'lone continuation byte 80', content: bytes(0x80), offset: 0, reason: 'unexpected-continuation', says: 'unexpected continuation byte 0x80' },
  { name: 'continuation byte BF after ASCII', content: concat(abc, bytes(0xbf)), offset: 3, reason: 'unexpected-continuation', says: '0xBF' },
  { name: 'one continuation too many after é', content: concat(utf8('é'), bytes(0x80)), offset: 2, reason: 'unexpected-continuation', says: '0x80' },
  { name: 'C0 80 overlong NUL', content: bytes(0xc0, 0x80), offset: 0, reason: 'overlong', says: 'overlong encoding: lead byte 0xC0' },
  { name: 'C1 BF overlong', content: concat(abc, bytes(0xc1, 0xbf)), offset: 3, reason: 'overlong', says: 'lead byte 0xC1' },
  { name: 'E0 80 80 overlong', content: bytes(0xe0, 0x80, 0x80), offset: 0, reason: 'overlong', says: '0xE0 0x80 encodes a character that has a shorter form' },
  { name: 'E0 9F BF overlong (highest overlong 3-byte)', content: concat(abc, bytes(0xe0, 0x9f, 0xbf)), offset: 3, reason: 'overlong', says: '0xE0 0x9F' },
  { name: 'F0 80 80 80 overlong', content: bytes(0xf0, 0x80, 0x80, 0x80), offset: 0, reason: 'overlong', says: '0xF0 0x80' },
  { name: 'F0 8F BF BF overlong (highest overlong 4-byte)', content: concat(abc, bytes(0xf0, 0x8f, 0xbf, 0xbf)), offset: 3, reason: 'overlong', says: '0xF0 0x8F' },
  { name: 'ED A0 80 surrogate U+D800', content: bytes(0xed, 0xa0, 0x80), offset: 0, reason: 'surrogate', says: '0xED 0xA0 encodes a UTF-16 surrogate' },
  { name: 'ED BF BF surrogate U+DFFF', content: concat(abc, bytes(0xed, 0xbf, 0xbf)), offset: 3, reason: 'surrogate', says: '0xED 0xBF' },
  { name: 'F4 90 80 80 above U+10FFFF', content: bytes(0xf4, 0x90, 0x80, 0x80), offset: 0, reason: 'above-max', says: '0xF4 0x90 encodes a code point above U+10FFFF' },
  { name: 'F4 BF BF BF above U+10FFFF', content: concat(abc, bytes(0xf4, 0xbf, 0xbf, 0xbf)), offset: 3, reason: 'above-max', says: '0xF4 0xBF' },
  { name: 'F5 lead byte', content: bytes(0xf5, 0x80, 0x80, 0x80), offset: 0, reason: 'above-max', says: 'lead byte 0xF5 would encode a code point above U+10FFFF' },
  { name: 'F7 lead byte', content: concat(abc, bytes(0xf7)), offset: 3, reason: 'above-max', says: 'lead byte 0xF7' },
  { name: 'F8 byte', content: bytes(0xf8), offset: 0, reason: 'invalid-byte', says: 'byte 0xF8 never appears in UTF-8' },
  { name: 'FE byte', content: concat(abc, bytes(0xfe)), offset: 3, reason: 'invalid-byte', says: 'byte 0xFE never appears' },
  { name: 'FF byte (the protocol page example)', content: concat(abc, bytes(0xff), utf8('def')), offset: 3, reason: 'invalid-byte', says: 'byte 0xFF never appears in UTF-8' },
  { name: 'E2 41 missing continuation', content: bytes(0xe2, 0x41), offset: 0, reason: 'missing-continuation', says: 'lead byte 0xE2 starts a 3-byte sequence but is followed by 0x41, not a continuation byte' },
  { name: 'E2 82 41 missing third byte', content: concat(abc, bytes(0xe2, 0x82, 0x41)), offset: 3, reason: 'missing-continuation', says: 'followed by 0x41' },
  { name: 'C3 followed by another lead byte C3 A9', content: bytes(0xc3, 0xc3, 0xa9), offset: 0, reason: 'missing-continuation', says: 'starts a 2-byte sequence but is followed by 0xC3' },
  { name: 'F0 9F 98 followed by space', content: bytes(0xf0, 0x9f, 0x98, 0x20), offset: 0, reason: 'missing-continuation', says: 'starts a 4-byte sequence but is followed by 0x20' },
  { name: 'E0 41: a non-continuation after E0 is missing-continuation, not overlong', content: bytes(0xe0, 0x41), offset: 0, reason: 'missing-continuation', says: '0x41' },
  { name: 'E2 82 then a CR in the middle (the CR is not the line end here)', content: bytes(0xe2, 0x82, 0x0d, 0x41), offset: 0, reason: 'missing-continuation', says: 'followed by 0x0D' },
  { name: 'E2 82 then the message ends', content: bytes(0xe2, 0x82), offset: 0, reason: 'truncated', says: 'the message ends inside a 3-byte sequence that starts with 0xE2' },
  { name: 'F0 9F 98 then the message ends', content: concat(abc, bytes(0xf0, 0x9f, 0x98)), offset: 3, reason: 'truncated', says: '4-byte sequence that starts with 0xF0' },
  { name: 'lone C3 then the message ends', content: bytes(0xc3), offset: 0, reason: 'truncated', says: '2-byte sequence' },
  { name: 'a valid emoji before the first bad byte', content: concat(utf8('😀é'), bytes(0xff)), offset: 6, reason: 'invalid-byte', says: '0xFF' },
  { name: 'only the first error is reported', content: concat(utf8('ab'), bytes(0x80, 0xff, 0xc0)), offset: 2, reason: 'unexpected-continuation', says: '0x80' },
];

function onlyInvalid(outcomes: MessageOutcome[]): Extract<MessageOutcome, { kind: 'invalid-utf8' }> {
  expect(outcomes).toHaveLength(1);
  const [outcome] = outcomes;
  if (outcome.kind !== 'invalid-utf8') throw new Error(`expected invalid-utf8, got ${outcome.kind}`);
  return outcome;
}

describe.each(DECODERS)('$name', ({ decodeChunks, decodeWhole, newDecoder }) => {
  describe('invalid UTF-8: one ERROR reply with the offset of the first undecodable byte', () => {
    it.each(CASES)('$name → byte $offset ($reason)', ({ content, offset, reason, says }) => {
      const outcome = onlyInvalid(decodeWhole(concat(content, bytes(0x0a)), opts, null));
      expect(outcome.error.offset).toBe(offset);
      expect(outcome.error.reason).toBe(reason);
      expect(outcome.bytes).toBe(content.length);
      // The oracle (written from Table 3-7) agrees on every field.
      expect(outcome.error).toEqual(firstUtf8Error(content));

      const reply = formatReply(outcome, { language: 'id', replyFormat: 'text' });
      expect(reply).toBe(`ERROR invalid UTF-8 at byte ${offset}: ${describeUtf8Error(outcome.error)}; the message was not counted`);
      expect(reply).toContain(says);
    });

    it.each(CASES)('$name after 260 bytes of valid text (long enough for every kernel): the offset moves by 260', ({ content, offset, reason }) => {
      const message = concat(LONG_VALID_TEXT, content);
      const outcome = onlyInvalid(decodeWhole(concat(message, bytes(0x0a)), opts, null));
      expect(outcome.error).toMatchObject({ offset: LONG_VALID_TEXT.length + offset, reason });
      expect(outcome.error).toEqual(firstUtf8Error(message));
    });

    it.each(CASES)('$name: same outcome when sent one byte at a time', ({ content }) => {
      const whole = decodeWhole(concat(content, bytes(0x0a)), opts, null);
      const byteByByte = decodeChunks([...content, 0x0a].map((b) => bytes(b)), opts, null);
      expect(byteByByte).toEqual(whole);
    });

    it('the protocol page example: abc FF def LF', () => {
      const [outcome] = decodeWhole(concat(abc, bytes(0xff), utf8('def\n')), opts, null);
      expect(formatReply(outcome, { language: 'en', replyFormat: 'text' })).toBe(
        'ERROR invalid UTF-8 at byte 3: byte 0xFF never appears in UTF-8; the message was not counted',
      );
    });

    it('every F5..F7 lead is above-max and every F8..FF byte is invalid', () => {
      for (let lead = 0xf5; lead <= 0xff; lead++) {
        const outcome = onlyInvalid(decodeWhole(bytes(0x41, lead, 0x0a), opts, null));
        expect(outcome.error).toMatchObject({ offset: 1, reason: lead <= 0xf7 ? 'above-max' : 'invalid-byte', lead });
      }
    });

    it('every continuation byte 80..BF on its own is unexpected', () => {
      for (let byte = 0x80; byte <= 0xbf; byte++) {
        const outcome = onlyInvalid(decodeWhole(bytes(byte, 0x0a), opts, null));
        expect(outcome.error).toMatchObject({ offset: 0, reason: 'unexpected-continuation', lead: byte });
      }
    });

    it('the boundaries of Table 3-7 are accepted: E0 A0 80, ED 9F BF, F0 90 80 80, F4 8F BF BF, EF BF BF', () => {
      const outcomes = decodeWhole(
        concat(
          bytes(0xe0, 0xa0, 0x80, 0x0a),
          bytes(0xed, 0x9f, 0xbf, 0x0a),
          bytes(0xf0, 0x90, 0x80, 0x80, 0x0a),
          bytes(0xf4, 0x8f, 0xbf, 0xbf, 0x0a),
          bytes(0xef, 0xbf, 0xbf, 0x0a),
          bytes(0xc2, 0x80, 0x0a),
        ),
        opts,
        null,
      );
      expect(outcomes.map((o) => (o.kind === 'count' ? o.chars : o.kind))).toEqual([1, 1, 1, 1, 1, 1]);
    });
  });

  describe('invalid UTF-8 cut short by the end of the message', () => {
    it('E2 82 LF: truncated at byte 0', () => {
      const outcome = onlyInvalid(decodeWhole(bytes(0xe2, 0x82, 0x0a), opts, null));
      expect(outcome.error).toEqual({ offset: 0, reason: 'truncated', lead: 0xe2, culprit: -1, culpritOffset: 2, sequenceLength: 3 });
    });

    it('E2 82 CR LF: truncated at byte 0 (the dropped CR is not a bad continuation byte)', () => {
      const outcome = onlyInvalid(decodeWhole(bytes(0xe2, 0x82, 0x0d, 0x0a), opts, null));
      expect(outcome.error).toEqual({ offset: 0, reason: 'truncated', lead: 0xe2, culprit: -1, culpritOffset: 2, sequenceLength: 3 });
      expect(outcome.bytes).toBe(2);
      expect(describeUtf8Error(outcome.error)).toBe('the message ends inside a 3-byte sequence that starts with 0xE2');
    });

    it('E2 82 CR LF split CR | LF across chunks: still truncated', () => {
      const outcome = onlyInvalid(decodeChunks([bytes(0xe2, 0x82, 0x0d), bytes(0x0a)], opts, null));
      expect(outcome.error).toMatchObject({ offset: 0, reason: 'truncated' });
    });

    it('F0 CR LF: truncated, with a 4-byte sequence', () => {
      const outcome = onlyInvalid(decodeWhole(concat(abc, bytes(0xf0, 0x0d, 0x0a)), opts, null));
      expect(outcome.error).toMatchObject({ offset: 3, reason: 'truncated', sequenceLength: 4, culpritOffset: 4 });
    });

    it('E2 CR CR LF: the first CR is part of the message, so it is a missing continuation', () => {
      const outcome = onlyInvalid(decodeWhole(bytes(0xe2, 0x0d, 0x0d, 0x0a), opts, null));
      expect(outcome.error).toMatchObject({ offset: 0, reason: 'missing-continuation', culprit: 0x0d, culpritOffset: 1 });
    });

    it('E2 82 at half-close: truncated at byte 0', () => {
      const outcome = onlyInvalid(decodeWhole(bytes(0xe2, 0x82), opts, 'half-close'));
      expect(outcome.error).toEqual({ offset: 0, reason: 'truncated', lead: 0xe2, culprit: -1, culpritOffset: 2, sequenceLength: 3 });
    });

    it('E2 82 CR at half-close: the CR is kept, so it is a missing continuation', () => {
      const outcome = onlyInvalid(decodeWhole(bytes(0xe2, 0x82, 0x0d), opts, 'half-close'));
      expect(outcome.error).toMatchObject({ offset: 0, reason: 'missing-continuation', culprit: 0x0d, culpritOffset: 2 });
    });

    it('F0 9F 98 after the quiet period: truncated', () => {
      const outcome = onlyInvalid(decodeWhole(concat(abc, bytes(0xf0, 0x9f, 0x98)), opts, 'quiet'));
      expect(outcome.error).toMatchObject({ offset: 3, reason: 'truncated', sequenceLength: 4 });
    });

    it('E0 80 then the message ends is overlong, not truncated (the second byte is already wrong)', () => {
      const outcome = onlyInvalid(decodeWhole(bytes(0xe0, 0x80, 0x0a), opts, null));
      expect(outcome.error).toMatchObject({ offset: 0, reason: 'overlong' });
    });
  });

  describe('after an invalid message the connection stays usable', () => {
    it('the next message is counted normally', () => {
      const outcomes = decodeWhole(concat(bytes(0xe2, 0x82, 0x0a), utf8('Halo dunia\n'), bytes(0xc3), utf8('\n'), utf8('é\n')), opts, null);
      expect(outcomes.map((o) => (o.kind === 'count' ? o.chars : o.kind))).toEqual(['invalid-utf8', 10, 'invalid-utf8', 1]);
    });

    it('a sequence left open by one message does not continue into the next', () => {
      // E2 82 | LF | AC: if the decoder carried state over the LF, AC would complete the euro sign.
      const decoder = newDecoder(opts);
      const seen: MessageOutcome[] = [];
      decoder.push(bytes(0xe2, 0x82, 0x0a, 0xac, 0x0a), (o) => seen.push(o));
      expect(seen.map((o) => o.kind)).toEqual(['invalid-utf8', 'invalid-utf8']);
      expect(seen[1]).toMatchObject({ error: { offset: 0, reason: 'unexpected-continuation' } });
    });

    it('bytes after the first error do not change the reply', () => {
      const a = decodeWhole(concat(utf8('ab'), bytes(0xff), utf8('cd\n')), opts, null);
      const b = decodeWhole(concat(utf8('ab'), bytes(0xff, 0xe2, 0x80, 0xc0), utf8('cd\n')), opts, null);
      expect(a[0]).toMatchObject({ kind: 'invalid-utf8', error: { offset: 2, reason: 'invalid-byte' } });
      expect(b[0]).toMatchObject({ kind: 'invalid-utf8', error: a[0].kind === 'invalid-utf8' ? a[0].error : {} });
    });
  });
});
