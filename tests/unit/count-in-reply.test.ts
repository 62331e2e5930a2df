/**
 * The count rule of the checker's count stages: remove every verbatim copy of the message
 * from the reply; what remains must hold exactly one run of digits, and that is the count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countInReply } from '../../checker/engine/count-in-reply';

/** Words around a count: any text without digits, and without the marker every message holds. */
const wording = fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => text.replace(/[0-9§]/g, ''));
/** A message: any text at all (digits too), with one marker character the wording never has. */
const message = fc.tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ maxLength: 20 })).map(([before, after]) => `${before}§${after}`);
const count = fc.nat({ max: 10_000_000 });

describe('the count in a reply', () => {
  it.each([
    ['Pesan "café" memiliki 4 karakter', 'café', 4],
    ['29 : Tugas 1 socket programming #1', 'Tugas 1 socket programming #1', 29],
    ['Jumlah karakter: 10', 'Halo dunia', 10],
    ['10', 'Halo dunia', 10],
    ['Jumlah karakter dalam kalimat tersebut adalah10', 'Halo dunia', 10],
    ['"Halo dunia #3" -> 13 -> "Halo dunia #3"', 'Halo dunia #3', 13],
  ])('reads %j (message %j) as %i', (reply, sent, expected) => {
    expect(countInReply(reply, sent)).toEqual({ count: expected });
  });

  it.each([
    ['10 characters, 10 bytes', 'Halo dunia'],
    ['Jumlah karakter: 10, kata: 2', 'Halo dunia'],
    ['Halo dunia', 'Halo dunia'],
    ['', 'Halo dunia'],
    ['#1: 29', 'Tugas 1 socket programming #1 '],
  ])('finds no single count in %j (message %j)', (reply, sent) => {
    expect(countInReply(reply, sent).count).toBeNull();
  });

  it('reads the count wherever it stands, around and between any number of copies of the message', () => {
    fc.assert(
      fc.property(wording, wording, count, message, fc.nat({ max: 2 }), fc.nat({ max: 2 }), (left, right, n, sent, before, after) => {
        const reply = `${left}${` ${sent}`.repeat(before)} ${n} ${`${sent} `.repeat(after)}${right}`;
        expect(countInReply(reply, sent)).toEqual({ count: n });
      }),
    );
  });

  it('finds no count when two numbers stand outside the message', () => {
    fc.assert(
      fc.property(wording, wording, count, count, message, (left, right, first, second, sent) => {
        expect(countInReply(`${left}${first} ${sent} ${second}${right}`, sent)).toEqual({ count: null, digitRuns: 2 });
      }),
    );
  });

  it('finds no count when the reply has no digit outside the message', () => {
    fc.assert(
      fc.property(wording, message, (words, sent) => {
        expect(countInReply(`${words}${sent}${words}`, sent)).toEqual({ count: null, digitRuns: 0 });
      }),
    );
  });
});
