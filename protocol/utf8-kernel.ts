/**
 * The seam where speed tricks plug into UTF-8 counting. The decoder asks a kernel two
 * questions about bytes between characters: how far they are complete, valid UTF-8, and how
 * many code points that valid run holds. Whatever a kernel answers "not valid" (an invalid
 * byte, a character cut by the end of a read) goes through the decoder's own byte-by-byte
 * state machine, which alone says where and why UTF-8 breaks.
 *
 * `plainUtf8Kernel` below is the server's default: two plain loops. Faster kernels (whole-read
 * validation, 32-bit words, WebAssembly SIMD) live in accelerators/ and answer the same questions.
 */
/**
 * The decoder asks only from between characters (`start` begins a character, or the byte that
 * is not one) up to an LF or the end of the chunk it is pushing, and counts only a run a
 * validPrefixEnd call has just returned: a kernel may rely on that (the pre-pass does).
 */
export interface Utf8Kernel {
  /** Shown by tests and the bench. */
  readonly name: string;
  /** The end of the longest run of complete, valid characters in bytes[start, end) that starts at `start`. */
  validPrefixEnd(bytes: Uint8Array, start: number, end: number): number;
  /** Code points in bytes[start, end), which a validPrefixEnd call has just found valid. */
  countCodePoints(bytes: Uint8Array, start: number, end: number): number;
  /** Called with each whole chunk before the decoder asks about its parts (a kernel may look at it once). */
  beginChunk?(chunk: Uint8Array): void;
}

/** How many bytes a sequence with this lead byte has; 0 when the byte cannot start one. */
export function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc2) return 0; // a continuation byte, or an overlong two-byte lead (C0, C1)
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf5) return 4;
  return 0; // F5..FF: above U+10FFFF, or never UTF-8
}

/**
 * The allowed range of a sequence's second byte. Narrower than 80..BF for four leads: E0 and F0
 * (overlong forms), ED (UTF-16 surrogates) and F4 (above U+10FFFF). Every later byte is 80..BF.
 */
export function secondByteLow(lead: number): number {
  return lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
}

export function secondByteHigh(lead: number): number {
  return lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
}

export function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/** One character at a time, one byte at a time: nothing but the rules above. */
export const plainUtf8Kernel: Utf8Kernel = {
  name: 'plain loops',
  validPrefixEnd(bytes, start, end) {
    let i = start;
    while (i < end) {
      const lead = bytes[i];
      const length = sequenceLength(lead);
      if (length === 0 || i + length > end) return i;
      if (length > 1) {
        const second = bytes[i + 1];
        if (second < secondByteLow(lead) || second > secondByteHigh(lead)) return i;
        for (let k = 2; k < length; k++) if (!isContinuation(bytes[i + k])) return i;
      }
      i += length;
    }
    return i;
  },
  countCodePoints(bytes, start, end) {
    // In valid UTF-8 every code point has exactly one byte that is not a continuation byte.
    let codePoints = 0;
    for (let i = start; i < end; i++) if (!isContinuation(bytes[i])) codePoints++;
    return codePoints;
  },
};
