/** Why a message is not valid UTF-8, in the terms a student meets in the lab notes. */
export type Utf8ErrorReason =
  | 'unexpected-continuation'
  | 'overlong'
  | 'surrogate'
  | 'above-max'
  | 'invalid-byte'
  | 'missing-continuation'
  | 'truncated';

export interface Utf8Error {
  /** Byte offset in the message of the first byte that cannot be decoded (Python's UnicodeDecodeError.start). */
  offset: number;
  reason: Utf8ErrorReason;
  /** The byte at `offset`: a lead byte, or a byte that cannot start a sequence. */
  lead: number;
  /** The byte that broke the sequence, or -1 when the message ended first. */
  culprit: number;
  /** Byte offset of `culprit` in the message, or of the message end for `truncated`. */
  culpritOffset: number;
  /** How many bytes the sequence started by `lead` needs (1 when `lead` cannot start one). */
  sequenceLength: number;
}

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

export function describeUtf8Error(error: Utf8Error): string {
  const { lead, culprit, sequenceLength } = error;
  switch (error.reason) {
    case 'unexpected-continuation':
      return `unexpected continuation byte ${hex(lead)} (no lead byte before it)`;
    case 'overlong':
      return culprit < 0
        ? `overlong encoding: lead byte ${hex(lead)} can only encode characters that have a shorter form`
        : `overlong encoding: ${hex(lead)} ${hex(culprit)} encodes a character that has a shorter form`;
    case 'surrogate':
      return `${hex(lead)} ${hex(culprit)} encodes a UTF-16 surrogate (U+D800..U+DFFF), which UTF-8 does not allow`;
    case 'above-max':
      return culprit < 0
        ? `lead byte ${hex(lead)} would encode a code point above U+10FFFF`
        : `${hex(lead)} ${hex(culprit)} encodes a code point above U+10FFFF`;
    case 'invalid-byte':
      return `byte ${hex(lead)} never appears in UTF-8`;
    case 'missing-continuation':
      return `lead byte ${hex(lead)} starts a ${sequenceLength}-byte sequence but is followed by ${hex(culprit)}, not a continuation byte`;
    case 'truncated':
      return `the message ends inside a ${sequenceLength}-byte sequence that starts with ${hex(lead)}`;
  }
}
