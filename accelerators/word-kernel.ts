/**
 * A UTF-8 kernel for long runs of bytes: validation by Node's `buffer.isUtf8` (simdutf, native),
 * counting on 32-bit words, several times faster than a byte loop on long messages.
 *
 * In valid UTF-8 every code point has exactly one byte that is not a continuation byte
 * (0b10xxxxxx), so code points = bytes - continuation bytes.
 */
import { isUtf8 } from 'node:buffer';
import { isContinuation, plainUtf8Kernel, type Utf8Kernel } from '../protocol';

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

function countContinuationBytesSlowly(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (isContinuation(bytes[i])) count++;
  return count;
}

/**
 * Number of bytes in bytes[start, end) of the form 0b10xxxxxx. Each 32-bit word yields a 0/1
 * flag per byte lane (bit 7 set and bit 6 clear); the flags are added lane by lane and the
 * lanes summed only every 255 words, which keeps the inner loop to a few integer operations.
 */
export function countContinuationBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < SHORT_RANGE) return countContinuationBytesSlowly(bytes, start, end);
  const alignedStart = Math.min(end, start + ((4 - ((bytes.byteOffset + start) & 3)) & 3));
  let count = countContinuationBytesSlowly(bytes, start, alignedStart);
  const wordCount = (end - alignedStart) >>> 2;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + alignedStart, wordCount);
  for (let w = 0; w < wordCount; ) {
    const foldAt = Math.min(wordCount, w + WORDS_PER_FOLD);
    let lanes = 0;
    for (; w < foldAt; w++) {
      const word = words[w];
      lanes += ((word & ~(word << 1)) & HIGH_BITS) >>> 7;
    }
    count += sumLanes(lanes);
  }
  return count + countContinuationBytesSlowly(bytes, alignedStart + (wordCount << 2), end);
}

/**
 * Index where an incomplete trailing sequence starts in bytes[start, end), or end when the
 * range does not stop in the middle of a sequence. Only looks at the last three bytes.
 */
export function incompleteTailStart(bytes: Uint8Array, start: number, end: number): number {
  const earliest = Math.max(start, end - 3);
  for (let i = end - 1; i >= earliest; i--) {
    const byte = bytes[i];
    if (isContinuation(byte)) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return end - i < length ? i : end;
  }
  return end;
}

/**
 * Valid runs are found with one native call when the run is valid up to a character cut by the
 * end of the read (the usual case); only invalid input falls back to the plain loop, which
 * finds exactly where the valid part stops.
 */
export function validPrefixEnd(bytes: Uint8Array, start: number, end: number): number {
  const safeEnd = incompleteTailStart(bytes, start, end);
  if (safeEnd > start && isUtf8(bytes.subarray(start, safeEnd))) return safeEnd;
  return plainUtf8Kernel.validPrefixEnd(bytes, start, end);
}

export const wordUtf8Kernel: Utf8Kernel = {
  name: 'isUtf8 + 32-bit words',
  validPrefixEnd,
  countCodePoints: (bytes, start, end) => end - start - countContinuationBytes(bytes, start, end),
};
