/**
 * The oracle itself, checked against the lab notes' own examples, against the unit tests'
 * UTF-8 oracle (written separately: Table 3-7 and TextDecoder in fatal mode) and against
 * buffer.isUtf8, before the fuzz tests trust it. No server here.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointsOf, decodeUtf8 as decodeWithSharedOracle } from '../support/utf8-oracle';
import { decodeUtf8, expectedReplies, INVALID_CLASSES, messagesOf, outcomeOf, replyFor } from './model';
import { INVALID_SAMPLES } from './byte-streams';

const bytes = (...list: number[]): Uint8Array => Uint8Array.from(list);
const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const DEFAULTS = { maxMessageBytes: 16 * 1024 * 1024 };
const reply = (message: Uint8Array): string => replyFor(outcomeOf(message, DEFAULTS), DEFAULTS);

describe('the reference model', () => {
  it("gives the lab notes' example replies", () => {
    expect(reply(text('Halo dunia'))).toBe('Jumlah karakter dalam kalimat tersebut adalah 10');
    expect(replyFor(outcomeOf(text('Halo dunia'), DEFAULTS), { ...DEFAULTS, language: 'en' })).toBe('The number of characters in that sentence is 10');
    expect(replyFor(outcomeOf(text('Halo dunia'), DEFAULTS), { ...DEFAULTS, format: 'json' })).toBe('{"chars":10,"bytes":10,"utf16Units":10,"graphemes":10}');
    expect(replyFor(outcomeOf(text('🇮🇩'), DEFAULTS), { ...DEFAULTS, format: 'json' })).toBe('{"chars":2,"bytes":8,"utf16Units":4,"graphemes":1}');
    expect(reply(Buffer.from('abc\xFFdef', 'latin1'))).toBe(
      'ERROR invalid UTF-8 at byte 3: byte 0xFF never appears in UTF-8; the message was not counted',
    );
    expect(replyFor({ kind: 'too-long' }, { maxMessageBytes: 100 })).toBe(
      'ERROR message longer than 100 bytes; the rest of it up to the next newline is discarded',
    );
  });

  it("classifies every row of the lab notes' invalid UTF-8 table", () => {
    const cases: [Uint8Array, string][] = [
      [bytes(0x80), 'unexpected-continuation'],
      [bytes(0xc0, 0x80), 'overlong'],
      [bytes(0xe0, 0x80, 0x80), 'overlong'],
      [bytes(0xf0, 0x80, 0x80, 0x80), 'overlong'],
      [bytes(0xed, 0xa0, 0x80), 'surrogate'],
      [bytes(0xf4, 0x90, 0x80, 0x80), 'above-max'],
      [bytes(0xf5), 'above-max'],
      [bytes(0xf7), 'above-max'],
      [bytes(0xf8), 'invalid-byte'],
      [bytes(0xff), 'invalid-byte'],
      [bytes(0xe2, 0x41), 'missing-continuation'],
      [bytes(0xe2, 0x82), 'truncated'],
    ];
    for (const [input, invalid] of cases) expect(decodeUtf8(input), Buffer.from(input).toString('hex')).toMatchObject({ ok: false, offset: 0, invalid });
    for (const invalid of INVALID_CLASSES) {
      for (const sample of INVALID_SAMPLES[invalid]) {
        expect(decodeUtf8(sample), `${invalid} sample ${Buffer.from(sample).toString('hex')}`).toMatchObject({ ok: false, invalid });
      }
    }
  });

  it('cuts messages at LF, drops only the CR right before it, and ends the tail at a pause (quiet mode) or a half-close', () => {
    const events = [{ bytes: text('a\r\nb\r\r\n\nc\rd') }, { pause: true as const }, { bytes: text('e\r') }];
    const shown = (messages: Uint8Array[]): string[] => messages.map((m) => Buffer.from(m).toString('latin1'));
    expect(shown(messagesOf(events, true, true))).toEqual(['a', 'b\r', '', 'c\rd', 'e\r']);
    expect(shown(messagesOf(events, true, false))).toEqual(['a', 'b\r', '', 'c\rde\r']);
    expect(shown(messagesOf(events, false, false))).toEqual(['a', 'b\r', '']);
    expect(expectedReplies([{ bytes: text('x'.repeat(101)) }], true, false, { maxMessageBytes: 100 })).toEqual([
      'ERROR message longer than 100 bytes; the rest of it up to the next newline is discarded',
    ]);
  });

  it('agrees with the unit tests’ oracle and buffer.isUtf8 on validity, and with that oracle on the count and the error offset, for 20,000 byte strings', () => {
    const interesting = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xf8, 0xff);
    fc.assert(
      fc.property(fc.array(fc.oneof(interesting, fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), (list) => {
        const input = Uint8Array.from(list);
        const model = decodeUtf8(input);
        const shared = decodeWithSharedOracle(input);
        expect(model.ok).toBe(isUtf8(input));
        expect(model.ok).toBe(shared.ok);
        if (model.ok && shared.ok) expect(model.codePoints.length).toBe(codePointsOf(shared.text));
        if (!model.ok && !shared.ok) expect(model.offset).toBe(shared.error.offset);
      }),
      { numRuns: 20_000 },
    );
  });
});
