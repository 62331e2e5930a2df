/**
 * The inputs the checker's probes send and the counts they expect, made without the cost of a
 * character array per message (the checker's CPU is short on a busy machine): the same counts
 * as Python's len(data.decode()), and long messages of exactly the asked size, the same for a seed.
 * And when a half-closed message gets its FIN at once: only for a server that needed twice the
 * checker's wait to answer a message with no FIN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../checker/engine/seeded-random';
import { ReplyHabit } from '../../checker/engine/reply-habit';
import { codePoints, textOfBytes } from '../../checker/stages/messages';

describe('the count a probe expects', () => {
  it('is the number of code points, a lone surrogate counting as one, as [...text] counts them', () => {
    const units = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0xd83d, 0xde00, 0xdbff, 0xdc00));
    fc.assert(
      fc.property(fc.array(units, { maxLength: 40 }), (codes) => {
        const text = String.fromCharCode(...codes);
        expect(codePoints(text)).toBe([...text].length);
      }),
    );
  });
});

describe('a long message', () => {
  it('has exactly the asked number of bytes, is valid UTF-8, and is the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer(), (size, seed) => {
        const text = textOfBytes(new SeededRandom(seed), size);
        const bytes = Buffer.from(text);
        expect(bytes.length).toBe(size);
        expect(bytes.toString('utf8')).toBe(text);
        expect(textOfBytes(new SeededRandom(seed), size)).toBe(text);
      }),
    );
  });
});

describe('when a half-closed message sends its FIN', () => {
  it('waits for an immediate reply until the server is known to answer only at the end', () => {
    expect(new ReplyHabit().finAtOnce).toBe(false);
  });

  it('sends it at once after a server needed 100 ms or more, or never answered, without a FIN', () => {
    const slow = new ReplyHabit();
    slow.noteReplyWithoutFin(true, 151);
    expect(slow.finAtOnce).toBe(true);
    const silent = new ReplyHabit();
    silent.noteReplyWithoutFin(false, 3000);
    expect(silent.finAtOnce).toBe(true);
  });

  it('keeps waiting for a server that answered within 100 ms, or once answered before a FIN', () => {
    const quick = new ReplyHabit();
    quick.noteReplyWithoutFin(true, 2);
    expect(quick.finAtOnce).toBe(false);
    quick.noteReplyWithoutFin(true, 500);
    expect(quick.finAtOnce).toBe(false);
    const atOnce = new ReplyHabit();
    atOnce.noteReplyWithoutFin(true, 200);
    atOnce.noteAnsweredAtOnce();
    expect(atOnce.finAtOnce).toBe(false);
  });
});
