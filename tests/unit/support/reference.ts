/**
 * Obviously-correct reference models for the unit tests. They are deliberately slow and
 * byte-by-byte so that they can be checked by eye against the Unicode Standard.
 */
import type { MessageDecoderOptions, MessageOutcome, Utf8Error, Utf8ErrorReason } from '../../../protocol';
import { MessageDecoder } from '../../../protocol';

export type ReferenceDecode =
  | { ok: true; codePoints: number[] }
  | { ok: false; error: Utf8Error };

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
 * The error offset is where the ill-formed sequence starts (Python's UnicodeDecodeError.start).
 */
export function referenceDecode(bytes: Uint8Array): ReferenceDecode {
  const codePoints: number[] = [];
  let i = 0;
  const fail = (
    offset: number,
    reason: Utf8ErrorReason,
    culprit: number,
    culpritOffset: number,
    sequenceLength: number,
  ): ReferenceDecode => ({
    ok: false,
    error: { offset, reason, lead: bytes[offset], culprit, culpritOffset, sequenceLength },
  });

  while (i < bytes.length) {
    const lead = bytes[i];
    // Bytes that cannot start a sequence.
    if (lead <= 0x7f) {
      codePoints.push(lead);
      i += 1;
      continue;
    }
    if (lead >= 0x80 && lead <= 0xbf) return fail(i, 'unexpected-continuation', -1, i, 1);
    if (lead === 0xc0 || lead === 0xc1) return fail(i, 'overlong', -1, i, 2);
    if (lead >= 0xf5 && lead <= 0xf7) return fail(i, 'above-max', -1, i, 4);
    if (lead >= 0xf8) return fail(i, 'invalid-byte', -1, i, 1);

    // Lead bytes C2..F4: the row of Table 3-7 they start.
    let length: number;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    let secondOutOfRangeReason: Utf8ErrorReason = 'missing-continuation';
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead === 0xe0) {
      length = 3;
      secondLow = 0xa0;
      secondOutOfRangeReason = 'overlong';
    } else if (lead >= 0xe1 && lead <= 0xec) {
      length = 3;
    } else if (lead === 0xed) {
      length = 3;
      secondHigh = 0x9f;
      secondOutOfRangeReason = 'surrogate';
    } else if (lead === 0xee || lead === 0xef) {
      length = 3;
    } else if (lead === 0xf0) {
      length = 4;
      secondLow = 0x90;
      secondOutOfRangeReason = 'overlong';
    } else if (lead >= 0xf1 && lead <= 0xf3) {
      length = 4;
    } else {
      // lead === 0xf4
      length = 4;
      secondHigh = 0x8f;
      secondOutOfRangeReason = 'above-max';
    }

    let codePoint = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
    for (let k = 1; k < length; k++) {
      const at = i + k;
      if (at >= bytes.length) return fail(i, 'truncated', -1, bytes.length, length);
      const next = bytes[at];
      const isContinuation = next >= 0x80 && next <= 0xbf;
      if (!isContinuation) return fail(i, 'missing-continuation', next, at, length);
      if (k === 1 && (next < secondLow || next > secondHigh)) return fail(i, secondOutOfRangeReason, next, at, length);
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    codePoints.push(codePoint);
    i += length;
  }
  return { ok: true, codePoints };
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function graphemeCount(text: string): number {
  return Array.from(segmenter.segment(text)).length;
}

export interface ModelOptions {
  maxMessageBytes: number;
  detailedCounts?: boolean;
  previewBytes?: number;
}

/** What a message decoder must report for one complete message whose content (terminator removed) is `content`. */
export function expectedOutcome(content: Uint8Array, options: ModelOptions): MessageOutcome {
  const previewBytes = options.previewBytes ?? 0;
  const preview = Buffer.from(content.subarray(0, Math.min(previewBytes, content.length)));
  if (options.maxMessageBytes > 0 && content.length > options.maxMessageBytes) {
    return { kind: 'too-long', limit: options.maxMessageBytes, preview };
  }
  const decoded = referenceDecode(content);
  if (!decoded.ok) return { kind: 'invalid-utf8', bytes: content.length, error: decoded.error, preview };
  const outcome: MessageOutcome = { kind: 'count', chars: decoded.codePoints.length, bytes: content.length, preview };
  if (options.detailedCounts) {
    const text = String.fromCodePoint(...decoded.codePoints);
    outcome.utf16Units = text.length;
    outcome.graphemes = graphemeCount(text);
  }
  return outcome;
}

/**
 * The protocol's framing, written as plainly as possible: split the whole stream at LF,
 * drop one CR right before each LF, and let a trailing unterminated part be the last
 * message (half-close: its CR is kept).
 */
export function expectedOutcomes(stream: Uint8Array, options: ModelOptions): MessageOutcome[] {
  const outcomes: MessageOutcome[] = [];
  let start = 0;
  for (let i = 0; i < stream.length; i++) {
    if (stream[i] !== 0x0a) continue;
    let end = i;
    if (end > start && stream[end - 1] === 0x0d) end--;
    outcomes.push(expectedOutcome(stream.subarray(start, end), options));
    start = i + 1;
  }
  if (start < stream.length) outcomes.push(expectedOutcome(stream.subarray(start), options));
  return outcomes;
}

/** Feeds `chunks` to a fresh decoder, then half-closes; returns every outcome in order. */
export function decodeChunks(
  chunks: readonly Uint8Array[],
  options: MessageDecoderOptions,
  end: 'quiet' | 'half-close' | null = 'half-close',
): MessageOutcome[] {
  const decoder = new MessageDecoder(options);
  const outcomes: MessageOutcome[] = [];
  const collect = (outcome: MessageOutcome): void => {
    outcomes.push(outcome);
  };
  for (const chunk of chunks) decoder.push(chunk, collect);
  if (end !== null) decoder.finish(end, collect);
  return outcomes;
}

/** Feeds the whole stream as one chunk. */
export function decodeWhole(stream: Uint8Array, options: MessageDecoderOptions, end: 'quiet' | 'half-close' | null = 'half-close'): MessageOutcome[] {
  return decodeChunks([stream], options, end);
}

/** Splits `stream` at the given (sorted, deduplicated) cut positions. */
export function splitAt(stream: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const cut of cuts) {
    chunks.push(stream.subarray(previous, cut));
    previous = cut;
  }
  chunks.push(stream.subarray(previous));
  return chunks;
}

/** Copies each chunk into its own buffer so the decoder cannot rely on neighbouring bytes. */
export function isolate(chunks: readonly Uint8Array[]): Uint8Array[] {
  return chunks.map((chunk) => Uint8Array.from(chunk));
}

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
export const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
