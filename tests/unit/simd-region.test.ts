import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MessageDecoder,
  SIMD_REGION,
  SIMD_REGION_BYTES,
  countContinuationBytes,
  type MessageDecoderOptions,
  type MessageOutcome,
  type SimdRegion,
} from '../../protocol';
import { decodeWhole, splitAt } from './support/reference';

function slowContinuationCount(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (buf[i] >= 0x80 && buf[i] <= 0xbf) count++;
  return count;
}

/** Node 24 has WebAssembly SIMD; without it the server would silently count several times slower. */
function region(): SimdRegion {
  expect(SIMD_REGION, 'WebAssembly SIMD is available, so the server counts in its read buffer with SIMD').not.toBeNull();
  return SIMD_REGION!;
}

/** Copies `content` into the region at `offset` and returns the view of it there. */
function placeInRegion(content: Uint8Array, offset: number): Uint8Array {
  const bytes = region().bytes;
  bytes.set(content, offset);
  return bytes.subarray(offset, offset + content.length);
}

describe('the SIMD region (the server reads into it; counting there is WebAssembly SIMD)', () => {
  it('is the size of the shared read buffer', () => {
    expect(region().bytes.length).toBe(SIMD_REGION_BYTES);
  });

  it('counts continuation bytes like a byte loop, for random bytes at random offsets and ranges', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 9000 }),
        fc.integer({ min: 0, max: SIMD_REGION_BYTES - 9000 }),
        fc.nat(),
        fc.nat(),
        (content, offset, x, y) => {
          const view = placeInRegion(content, offset);
          const start = content.length === 0 ? 0 : Math.min(x, y) % (content.length + 1);
          const end = content.length === 0 ? 0 : start + (Math.max(x, y) % (content.length - start + 1));
          expect(region().countContinuationBytes(view, start, end)).toBe(slowContinuationCount(view, start, end));
          expect(countContinuationBytes(view, start, end)).toBe(slowContinuationCount(view, start, end));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('counts every byte value correctly in every lane, over the whole region (more than one 4080-byte fold)', () => {
    const bytes = region().bytes;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
    expect(region().countContinuationBytes(bytes, 0, bytes.length)).toBe(slowContinuationCount(bytes, 0, bytes.length));
    bytes.fill(0xbf);
    expect(region().countContinuationBytes(bytes, 0, bytes.length)).toBe(bytes.length);
    expect(region().countContinuationBytes(bytes, 1, bytes.length - 1)).toBe(bytes.length - 2);
  });

  it('does not count bytes outside [start, end)', () => {
    const bytes = region().bytes;
    bytes.fill(0x80);
    for (let start = 0; start < 40; start++) {
      for (const length of [0, 1, 15, 16, 17, 33, 4080, 4081, 8191]) {
        bytes.fill(0x41, start, start + length);
        expect(region().countContinuationBytes(bytes, start, start + length)).toBe(0);
        bytes.fill(0x80, start, start + length);
      }
    }
  });

  it('declines bytes that are not in the region (-1), which are counted in JavaScript instead', () => {
    const elsewhere = new Uint8Array(100).fill(0x80);
    expect(region().countContinuationBytes(elsewhere, 0, 100)).toBe(-1);
    expect(countContinuationBytes(elsewhere, 0, 100)).toBe(100);
  });

  it('gives the decoder the same outcomes as ordinary buffers, however the stream is cut into reads', () => {
    const options: MessageDecoderOptions = { maxMessageBytes: 0, detailedCounts: true };
    const text = 'Halo dunia, apa kabar?\nCafé 😀 日本語 🇮🇩\n' + 'é'.repeat(3000) + '\n' + 'x'.repeat(5000) + '\xff\n';
    const stream = new Uint8Array(Buffer.from(text, 'utf8'));
    const whole = decodeWhole(stream, options);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 6 }), (cuts) => {
        const reads = splitAt(stream, cuts.sort((a, b) => a - b));
        // Each read lands at the start of the region and is decoded before the next overwrites it, as in the server.
        const decoder = new MessageDecoder(options);
        const outcomes: MessageOutcome[] = [];
        const collect = (outcome: MessageOutcome): void => void outcomes.push(outcome);
        for (const read of reads) decoder.push(placeInRegion(read, 0), collect);
        decoder.finish('half-close', collect);
        expect(outcomes).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
