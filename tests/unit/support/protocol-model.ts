/**
 * The protocol written as plainly as possible, for the unit tests to hold the decoder to:
 * what each message of a whole byte stream must get. UTF-8 itself is the oracle's
 * (tests/support/utf8-oracle.ts).
 */
import type { MessageOutcome } from '../../../protocol';
import { codePointsOf, decodeUtf8 } from '../../support/utf8-oracle';

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
  const decoded = decodeUtf8(content);
  if (!decoded.ok) return { kind: 'invalid-utf8', bytes: content.length, error: decoded.error, preview };
  const outcome: MessageOutcome = { kind: 'count', chars: codePointsOf(decoded.text), bytes: content.length, preview };
  if (options.detailedCounts) {
    outcome.utf16Units = decoded.text.length;
    outcome.graphemes = graphemeCount(decoded.text);
  }
  return outcome;
}

/**
 * The protocol's framing: split the whole stream at LF, drop one CR right before each LF,
 * and let a trailing unterminated part be the last message (half-close: its CR is kept).
 */
export function messageContents(stream: Uint8Array): Uint8Array[] {
  const contents: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < stream.length; i++) {
    if (stream[i] !== 0x0a) continue;
    contents.push(stream.subarray(start, i > start && stream[i - 1] === 0x0d ? i - 1 : i));
    start = i + 1;
  }
  if (start < stream.length) contents.push(stream.subarray(start));
  return contents;
}

/** What every message of `stream`, half-closed at its end, must get. */
export function expectedOutcomes(stream: Uint8Array, options: ModelOptions): MessageOutcome[] {
  return messageContents(stream).map((content) => expectedOutcome(content, options));
}
