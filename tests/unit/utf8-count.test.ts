import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countCodePoints, countContinuationBytes, countFourByteLeads, incompleteTailStart } from '../../protocol';
import { utf8 } from './support/reference';

function slowContinuationCount(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (buf[i] >= 0x80 && buf[i] <= 0xbf) count++;
  return count;
}

/** A view of `length` bytes starting `shift` bytes into a larger buffer, so it is usually not 4-byte aligned. */
const unalignedView = fc
  .record({
    content: fc.uint8Array({ minLength: 0, maxLength: 300 }),
    shift: fc.integer({ min: 0, max: 7 }),
    padAfter: fc.integer({ min: 0, max: 7 }),
    fill: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ content, shift, padAfter, fill }) => {
    const backing = new Uint8Array(shift + content.length + padAfter).fill(fill);
    backing.set(content, shift);
    return backing.subarray(shift, shift + content.length);
  });

const viewWithRange = unalignedView.chain((view) =>
  fc
    .tuple(fc.integer({ min: 0, max: view.length }), fc.integer({ min: 0, max: view.length }))
    .map(([x, y]) => ({ view, start: Math.min(x, y), end: Math.max(x, y) })),
);

describe('countContinuationBytes (word-at-a-time)', () => {
  it('equals a simple byte loop for random buffers, ranges and alignments', () => {
    fc.assert(
      fc.property(viewWithRange, ({ view, start, end }) => {
        expect(countContinuationBytes(view, start, end)).toBe(slowContinuationCount(view, start, end));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not read bytes outside [start, end) of an unaligned view', () => {
    // Everything around the range is a continuation byte; none of it may be counted.
    const backing = new Uint8Array(64).fill(0x80);
    for (let shift = 0; shift < 8; shift++) {
      for (let length = 0; length <= 20; length++) {
        const view = backing.subarray(shift, shift + 40);
        view.fill(0x41, 3, 3 + length);
        expect(countContinuationBytes(view, 3, 3 + length)).toBe(0);
        view.fill(0x80, 3, 3 + length);
      }
    }
  });

  it('counts 80..BF and nothing else, in every byte lane of a word', () => {
    for (let value = 0; value < 256; value++) {
      for (let lane = 0; lane < 8; lane++) {
        const buf = new Uint8Array(8).fill(0x41);
        buf[lane] = value;
        expect(countContinuationBytes(buf, 0, 8)).toBe(value >= 0x80 && value <= 0xbf ? 1 : 0);
      }
    }
  });

  it('counts a long run of continuation bytes in every position', () => {
    const buf = new Uint8Array(1003).fill(0xbf);
    expect(countContinuationBytes(buf, 0, buf.length)).toBe(1003);
    expect(countContinuationBytes(buf.subarray(1), 0, 1002)).toBe(1002);
    expect(countContinuationBytes(buf, 5, 5)).toBe(0);
  });
});

describe('countCodePoints and countFourByteLeads on valid UTF-8', () => {
  it('countCodePoints equals the number of code points of the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), fc.integer({ min: 0, max: 3 }), (text, shift) => {
        const encoded = utf8(text);
        const backing = new Uint8Array(encoded.length + shift);
        backing.set(encoded, shift);
        const view = backing.subarray(shift);
        expect(countCodePoints(view)).toBe([...text].length);
        expect(countFourByteLeads(view, 0, view.length)).toBe(text.length - [...text].length);
      }),
      { numRuns: 500 },
    );
  });

  it('examples', () => {
    expect(countCodePoints(utf8('Halo dunia'))).toBe(10);
    expect(countCodePoints(utf8('😀é'))).toBe(2);
    expect(countCodePoints(utf8('x😀é'), 1, 5)).toBe(1);
    expect(countFourByteLeads(utf8('😀a🇮🇩'), 0, 13)).toBe(3);
  });
});

describe('incompleteTailStart', () => {
  it('for valid UTF-8 cut anywhere, returns where the cut character starts, or the cut when none is cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), (text, seed) => {
        const encoded = utf8(text);
        const cut = encoded.length === 0 ? 0 : seed % (encoded.length + 1);
        // Where each character starts.
        const starts = new Set<number>();
        let at = 0;
        for (const ch of text) {
          starts.add(at);
          at += Buffer.byteLength(ch);
        }
        starts.add(at);
        let expected = cut;
        if (!starts.has(cut)) {
          expected = cut;
          while (!starts.has(expected)) expected--;
        }
        expect(incompleteTailStart(encoded, 0, cut)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('examples', () => {
    const euro = utf8('a€'); // 61 E2 82 AC
    expect(incompleteTailStart(euro, 0, 4)).toBe(4);
    expect(incompleteTailStart(euro, 0, 3)).toBe(1);
    expect(incompleteTailStart(euro, 0, 2)).toBe(1);
    expect(incompleteTailStart(euro, 0, 1)).toBe(1);
    expect(incompleteTailStart(euro, 2, 3)).toBe(3); // only continuation bytes in range: nothing to hold back
    expect(incompleteTailStart(new Uint8Array(0), 0, 0)).toBe(0);
  });
});
