/**
 * Counting kernels over bytes already known to be valid UTF-8.
 *
 * In valid UTF-8 every code point has exactly one byte that is not a continuation
 * byte (0b10xxxxxx), so code points = bytes - continuation bytes. Bytes in the SIMD region
 * (where the server reads into) are counted 16 at a time by WebAssembly; elsewhere counting
 * works on 32-bit words, several times faster than a byte loop on long messages.
 */
import { SIMD_REGION } from './simd-region';

const HIGH_BITS = 0x80808080;
const LOW_BYTE_OF_EACH_HALF = 0x00ff00ff;
/** A byte lane counts to at most 255 before it would carry into its neighbour. */
const WORDS_PER_FOLD = 255;
/** Below this many bytes the word view costs more than it saves. */
const SHORT_RANGE = 32;

/** Sums the four byte lanes of a word of per-lane counts. */
function sumLanes(lanes: number): number {
  const halves = (lanes & LOW_BYTE_OF_EACH_HALF) + ((lanes >>> 8) & LOW_BYTE_OF_EACH_HALF);
  return (halves & 0xffff) + (halves >>> 16);
}

function countContinuationBytesSlowly(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if ((buf[i] & 0xc0) === 0x80) count++;
  return count;
}

/**
 * Number of bytes in buf[start, end) of the form 0b10xxxxxx. Each 32-bit word yields a 0/1
 * flag per byte lane (bit 7 set and bit 6 clear); the flags are added lane by lane and the
 * lanes summed only every 255 words, which keeps the inner loop to a few integer operations.
 */
export function countContinuationBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start < SHORT_RANGE) return countContinuationBytesSlowly(buf, start, end);
  const inRegion = SIMD_REGION?.countContinuationBytes(buf, start, end) ?? -1;
  if (inRegion >= 0) return inRegion;
  const alignedStart = Math.min(end, start + ((4 - ((buf.byteOffset + start) & 3)) & 3));
  let count = countContinuationBytesSlowly(buf, start, alignedStart);
  const wordCount = (end - alignedStart) >>> 2;
  const words = new Uint32Array(buf.buffer, buf.byteOffset + alignedStart, wordCount);
  for (let w = 0; w < wordCount; ) {
    const foldAt = Math.min(wordCount, w + WORDS_PER_FOLD);
    let lanes = 0;
    for (; w < foldAt; w++) {
      const word = words[w];
      lanes += ((word & ~(word << 1)) & HIGH_BITS) >>> 7;
    }
    count += sumLanes(lanes);
  }
  return count + countContinuationBytesSlowly(buf, alignedStart + (wordCount << 2), end);
}

/** Number of bytes in buf[start, end) of the form 0b11110xxx: lead bytes of code points above U+FFFF. */
export function countFourByteLeads(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (buf[i] >= 0xf0) count++;
  return count;
}

/** Code points in buf[start, end), which must be valid UTF-8. */
export function countCodePoints(buf: Uint8Array, start = 0, end = buf.length): number {
  return end - start - countContinuationBytes(buf, start, end);
}

/**
 * Index where an incomplete trailing sequence starts in buf[start, end), or end when the
 * range does not stop in the middle of a sequence. Only looks at the last three bytes.
 */
export function incompleteTailStart(buf: Uint8Array, start: number, end: number): number {
  const earliest = Math.max(start, end - 3);
  for (let i = end - 1; i >= earliest; i--) {
    const byte = buf[i];
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return end - i < length ? i : end;
  }
  return end;
}
