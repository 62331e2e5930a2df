/**
 * The one UTF-8 oracle of the tests: what protocol/'s decoder and every kernel in
 * accelerators/ are held to. It imports no code from protocol/ (only its error type), and
 * answers from two sources that must agree on every input, or it throws:
 * - the rule of the Unicode Standard's Table 3-7, written out byte by byte, which says where
 *   and why bytes stop being UTF-8 (the offset is Python's UnicodeDecodeError.start);
 * - the platform's WHATWG decoder (TextDecoder, fatal), which says what valid bytes decode to.
 *
 * tests/hardening/model.ts keeps a UTF-8 decoder of its own on purpose: see its top.
 */
import type { Utf8Error, Utf8ErrorReason } from '../../protocol';

export type Utf8Verdict = { ok: true; text: string } | { ok: false; error: Utf8Error };

/** Like Python's "utf-8" codec, keeps a leading U+FEFF (TextDecoder strips it by default). */
const whatwgDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Unicode Standard, Table 3-7 "Well-Formed UTF-8 Byte Sequences":
 *
 *   U+0000..U+007F     00..7F
 *   U+0080..U+07FF     C2..DF  80..BF
 *   U+0800..U+0FFF     E0      A0..BF  80..BF
 *   U+1000..U+CFFF     E1..EC  80..BF  80..BF
 *   U+D000..U+D7FF     ED      80..9F  80..BF
 *   U+E000..U+FFFF     EE..EF  80..BF  80..BF
 *   U+10000..U+3FFFF   F0      90..BF  80..BF  80..BF
 *   U+40000..U+FFFFF   F1..F3  80..BF  80..BF  80..BF
 *   U+100000..U+10FFFF F4      80..8F  80..BF  80..BF
 *
 * Returns the first ill-formed sequence, or null when every byte is part of a well-formed one.
 */
export function firstUtf8Error(bytes: Uint8Array): Utf8Error | null {
  const fail = (offset: number, reason: Utf8ErrorReason, culprit: number, culpritOffset: number, sequenceLength: number): Utf8Error => ({
    offset,
    reason,
    lead: bytes[offset],
    culprit,
    culpritOffset,
    sequenceLength,
  });
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead <= 0x7f) {
      i += 1;
      continue;
    }
    // Bytes that cannot start a sequence.
    if (lead <= 0xbf) return fail(i, 'unexpected-continuation', -1, i, 1);
    if (lead === 0xc0 || lead === 0xc1) return fail(i, 'overlong', -1, i, 2);
    if (lead >= 0xf5 && lead <= 0xf7) return fail(i, 'above-max', -1, i, 4);
    if (lead >= 0xf8) return fail(i, 'invalid-byte', -1, i, 1);

    // Lead bytes C2..F4: the row of Table 3-7 they start.
    let length: number;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    let secondOutOfRange: Utf8ErrorReason = 'missing-continuation';
    if (lead <= 0xdf) {
      length = 2;
    } else if (lead === 0xe0) {
      length = 3;
      secondLow = 0xa0;
      secondOutOfRange = 'overlong';
    } else if (lead === 0xed) {
      length = 3;
      secondHigh = 0x9f;
      secondOutOfRange = 'surrogate';
    } else if (lead <= 0xef) {
      length = 3;
    } else if (lead === 0xf0) {
      length = 4;
      secondLow = 0x90;
      secondOutOfRange = 'overlong';
    } else if (lead <= 0xf3) {
      length = 4;
    } else {
      // lead === 0xf4
      length = 4;
      secondHigh = 0x8f;
      secondOutOfRange = 'above-max';
    }
    for (let k = 1; k < length; k++) {
      const at = i + k;
      if (at >= bytes.length) return fail(i, 'truncated', -1, bytes.length, length);
      const next = bytes[at];
      if (next < 0x80 || next > 0xbf) return fail(i, 'missing-continuation', next, at, length);
      if (k === 1 && (next < secondLow || next > secondHigh)) return fail(i, secondOutOfRange, next, at, length);
    }
    i += length;
  }
  return null;
}

/** The oracle's verdict on one message: its text, or the first ill-formed sequence. */
export function decodeUtf8(bytes: Uint8Array): Utf8Verdict {
  const error = firstUtf8Error(bytes);
  let text: string | undefined;
  try {
    text = whatwgDecoder.decode(bytes);
  } catch {
    text = undefined;
  }
  if ((error === null) !== (text !== undefined)) {
    throw new Error(`the UTF-8 oracle disagrees with itself on ${Buffer.from(bytes).toString('hex')}: Table 3-7 says ${error === null ? 'valid' : 'invalid'}`);
  }
  return error === null ? { ok: true, text: text! } : { ok: false, error };
}

/** Code points of a string: Python's len(s), what the server counts for the string's UTF-8 bytes. */
export function codePointsOf(text: string): number {
  return [...text].length;
}

/** Code points of the valid UTF-8 in bytes[start, end); throws when those bytes are not valid. */
export function codePointCount(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const verdict = decodeUtf8(bytes.subarray(start, end));
  if (!verdict.ok) throw new Error(`codePointCount: bytes ${start}..${end} are not valid UTF-8 (${verdict.error.reason} at ${start + verdict.error.offset})`);
  return codePointsOf(verdict.text);
}

/** The end of the longest run of complete, valid characters in bytes[start, end) that starts at `start`. */
export function validPrefixEnd(bytes: Uint8Array, start: number, end: number): number {
  const verdict = decodeUtf8(bytes.subarray(start, end));
  return verdict.ok ? end : start + verdict.error.offset;
}
