/**
 * Every UTF-8 kernel answers the decoder's two questions (how far are these bytes valid, how
 * many code points do they hold) exactly as the oracle does: the plain loops, the word
 * kernel, the SIMD kernel on bytes elsewhere and in the SIMD region, and the whole-read
 * pre-pass in front of it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withChunkPrepass } from '../../accelerators/chunk-prepass-kernel';
import { simdUtf8Kernel } from '../../accelerators/simd-kernel';
import { SIMD_REGION, SIMD_REGION_BYTES } from '../../accelerators/simd-region';
import { incompleteTailStart, wordUtf8Kernel } from '../../accelerators/word-kernel';
import { plainUtf8Kernel, type Utf8Kernel } from '../../protocol';
import { codePointCount, validPrefixEnd } from '../support/utf8-oracle';
import { byteStream, trickyText } from './support/arbitraries';
import { bytes, concat, utf8 } from './support/bytes';
import { placeInRegion, simdRegion } from './support/simd-region-reads';

const isContinuation = (byte: number): boolean => byte >= 0x80 && byte <= 0xbf;

/** Where a kernel's bytes lie: the SIMD region, or an ordinary buffer, usually not 4-byte aligned. */
interface Placement {
  name: string;
  place(content: Uint8Array, seed: number): Uint8Array;
}

const ELSEWHERE: Placement = {
  name: 'an ordinary buffer',
  place(content, seed) {
    // Up to 7 bytes before and after, of one value: a kernel reading outside its range would count them.
    const shift = seed & 7;
    const backing = new Uint8Array(shift + content.length + ((seed >>> 3) & 7)).fill((seed >>> 6) & 0xff);
    backing.set(content, shift);
    return backing.subarray(shift, shift + content.length);
  },
};

const IN_REGION: Placement = {
  name: 'the SIMD region',
  place: (content, seed) => placeInRegion(content, seed % (SIMD_REGION_BYTES - content.length + 1)),
};

interface KernelUnderTest {
  kernel: Utf8Kernel;
  placement: Placement;
}

const KERNELS: KernelUnderTest[] = [
  { kernel: plainUtf8Kernel, placement: ELSEWHERE },
  { kernel: wordUtf8Kernel, placement: ELSEWHERE },
  { kernel: simdUtf8Kernel, placement: ELSEWHERE },
  { kernel: simdUtf8Kernel, placement: IN_REGION },
  { kernel: withChunkPrepass(simdUtf8Kernel), placement: ELSEWHERE },
  { kernel: withChunkPrepass(simdUtf8Kernel), placement: IN_REGION },
].map((entry) => ({ ...entry, name: `${entry.kernel.name}, bytes in ${entry.placement.name}` }));

/** Bytes of every kind: valid text long enough for the fast paths, near-valid pieces, anything. */
const content: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.array(trickyText, { maxLength: 150 }).map((parts) => utf8(parts.join(''))),
  byteStream(60),
  fc.uint8Array({ maxLength: 300 }),
);

/**
 * The positions the decoder asks from: a character start (a byte that is not a continuation
 * byte), or inside the continuation bytes a read starts with. The pre-pass answers from what
 * it learnt about the whole read, so it is only asked as the decoder asks; the other kernels
 * are asked about any range.
 */
const isAskedFrom = (bytes: Uint8Array, at: number): boolean =>
  at === bytes.length || !isContinuation(bytes[at]) || bytes.subarray(0, at + 1).every(isContinuation);
const snapForward = (bytes: Uint8Array, at: number): number => {
  while (!isAskedFrom(bytes, at)) at++;
  return at;
};

/** Asks `kernel` both questions about bytes[start, end) and checks the answers against the oracle. */
function expectOracleAnswers(kernel: Utf8Kernel, bytes: Uint8Array, start: number, end: number): void {
  const validEnd = kernel.validPrefixEnd(bytes, start, end);
  const where = `${Buffer.from(bytes.subarray(start, end)).toString('hex')} (${start}..${end})`;
  expect(validEnd, `validPrefixEnd of ${where}`).toBe(validPrefixEnd(bytes, start, end));
  expect(kernel.countCodePoints(bytes, start, validEnd), `countCodePoints of ${where}`).toBe(codePointCount(bytes, start, validEnd));
}

describe('the SIMD region', () => {
  it('exists: WebAssembly SIMD is available on this Node, and the region is the size of the shared read buffer', () => {
    expect(SIMD_REGION, 'WebAssembly SIMD is available, so the accelerated server counts in its read buffer with SIMD').not.toBeNull();
    expect(simdRegion().bytes.length).toBe(SIMD_REGION_BYTES);
  });

  it('declines bytes that are not in the region (-1), which the SIMD kernel then counts in JavaScript', () => {
    const elsewhere = utf8('é'.repeat(50));
    expect(simdRegion().countContinuationBytes(elsewhere, 0, 100)).toBe(-1);
    expect(simdUtf8Kernel.countCodePoints(elsewhere, 0, 100)).toBe(50);
  });
});

describe.each(KERNELS)('$name', ({ kernel, placement }) => {
  const ask = (bytes: Uint8Array, start: number, end: number): void => {
    kernel.beginChunk?.(bytes);
    expectOracleAnswers(kernel, bytes, start, end);
  };

  it('gives the oracle’s validPrefixEnd and countCodePoints for random bytes at random offsets and ranges', () => {
    fc.assert(
      fc.property(content, fc.nat(), fc.nat(), fc.nat(), (raw, seed, x, y) => {
        const bytes = placement.place(raw, seed);
        let start = Math.min(x, y) % (bytes.length + 1);
        let end = start + (Math.max(x, y) % (bytes.length - start + 1));
        if (kernel.beginChunk !== undefined) {
          start = snapForward(bytes, start);
          end = snapForward(bytes, Math.max(start, end));
        }
        ask(bytes, start, end);
      }),
      { numRuns: 700 },
    );
  });

  it('counts runs longer than a word-lane fold (1020 bytes) and a SIMD fold (4080 bytes), up to the whole region', () => {
    const text = utf8('aé€😀 Halo 日本'.repeat(Math.floor(SIMD_REGION_BYTES / 25)));
    for (const length of [1021, 4081, 8191, text.length]) {
      const prefix = text.subarray(0, incompleteTailStart(text, 0, length));
      ask(placement.place(prefix, 0), 0, prefix.length);
      ask(placement.place(prefix, 1), 1, prefix.length);
    }
  });

  it('reads nothing outside [start, end): ASCII between continuation bytes counts as ASCII', () => {
    const backing = new Uint8Array(8192 + 64).fill(0x80);
    for (let shift = 0; shift < 8; shift++) {
      for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 1020, 1021, 4080, 4081, 8191]) {
        backing.fill(0x41, shift + 3, shift + 3 + length);
        const bytes = placement.place(backing.subarray(shift, shift + length + 10), 0);
        kernel.beginChunk?.(bytes);
        expect(kernel.validPrefixEnd(bytes, 3, 3 + length), `length ${length}, shift ${shift}`).toBe(3 + length);
        expect(kernel.countCodePoints(bytes, 3, 3 + length), `length ${length}, shift ${shift}`).toBe(length);
        backing.fill(0x80, shift + 3, shift + 3 + length);
      }
    }
  });

  it('counts every lead and continuation byte value in every byte lane of a word', () => {
    const characters = [
      ...Array.from({ length: 30 }, (_, k) => [0xc2 + k, 0x80]),
      ...[0x80, 0x9f, 0xa0, 0xbf].map((second) => [0xc3, second]),
      [0xe0, 0xa0, 0xbf], [0xe1, 0x80, 0x80], [0xed, 0x9f, 0xbf], [0xee, 0xbf, 0xbf], [0xef, 0xbf, 0xbf],
      [0xf0, 0x90, 0x80, 0x80], [0xf1, 0xbf, 0xbf, 0xbf], [0xf3, 0x80, 0xbf, 0x80], [0xf4, 0x8f, 0xbf, 0xbf],
    ];
    for (const character of characters) {
      for (let lane = 0; lane < 8; lane++) {
        const raw = concat(utf8('a'.repeat(lane)), bytes(...character), utf8('b'.repeat(40 - lane)));
        ask(placement.place(raw, lane), 0, raw.length);
      }
    }
  });

  it('stops where the oracle stops: at a character cut by the end of the range, or at the first invalid byte', () => {
    const long = utf8('x'.repeat(40));
    for (const tail of [bytes(0xe2, 0x82), bytes(0xf0, 0x9f, 0x98), bytes(0xc3), bytes(0xff), bytes(0xed, 0xa0, 0x80), bytes(0xc0, 0x80)]) {
      for (const raw of [tail, concat(long, tail), concat(long, tail, long)]) ask(placement.place(raw, 3), 0, raw.length);
    }
  });
});

describe('incompleteTailStart (where the word kernel holds back a character cut by the end of a read)', () => {
  it('for valid UTF-8 cut anywhere, is where the oracle says the valid part ends', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), (text, seed) => {
        const encoded = utf8(text);
        const cut = seed % (encoded.length + 1);
        expect(incompleteTailStart(encoded, 0, cut)).toBe(validPrefixEnd(encoded, 0, cut));
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
