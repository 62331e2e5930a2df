/**
 * Counting kernels over bytes already known to be valid UTF-8.
 *
 * In valid UTF-8 every code point has exactly one byte that is not a continuation
 * byte (0b10xxxxxx), so code points = bytes - continuation bytes. Counting works on
 * 32-bit words because it is several times faster than a byte loop on long messages.
 */

const HIGH_BITS = 0x80808080;

function popcountHighBits(masked: number): number {
  return Math.imul(masked >>> 7, 0x01010101) >>> 24;
}

/** Number of bytes in buf[start, end) of the form 0b10xxxxxx. */
export function countContinuationBytes(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  let i = start;
  const alignedStart = Math.min(end, i + ((4 - ((buf.byteOffset + i) & 3)) & 3));
  for (; i < alignedStart; i++) if ((buf[i] & 0xc0) === 0x80) count++;
  const wordCount = (end - i) >>> 2;
  if (wordCount > 0) {
    const words = new Uint32Array(buf.buffer, buf.byteOffset + i, wordCount);
    for (let w = 0; w < wordCount; w++) {
      const word = words[w];
      count += popcountHighBits(word & ~(word << 1) & HIGH_BITS);
    }
    i += wordCount << 2;
  }
  for (; i < end; i++) if ((buf[i] & 0xc0) === 0x80) count++;
  return count;
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
