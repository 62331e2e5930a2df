import type { Utf8Error } from './utf8-error';
import { GraphemeCounter } from './grapheme-counter';
import type { Utf8Kernel } from './utf8-kernel';
import { Utf8MessageCounter } from './utf8-message-counter';

const LF = 0x0a;
const CR = 0x0d;

interface CountedMessage {
  kind: 'count';
  /** Unicode code points: Python's len(data.decode("utf-8")). */
  chars: number;
  bytes: number;
  /** Only when the decoder was created with `detailedCounts`. */
  utf16Units?: number;
  graphemes?: number;
  preview: Buffer;
}

interface InvalidMessage {
  kind: 'invalid-utf8';
  bytes: number;
  error: Utf8Error;
  preview: Buffer;
}

/** Emitted as soon as a message crosses the limit; the rest of it is then discarded. */
interface OversizedMessage {
  kind: 'too-long';
  limit: number;
  preview: Buffer;
}

export type MessageOutcome = CountedMessage | InvalidMessage | OversizedMessage;

type MessageEnd = 'newline' | 'quiet' | 'half-close';

export interface MessageDecoderOptions {
  /** Largest message in bytes, terminator excluded; 0 means no limit. */
  maxMessageBytes: number;
  /** Also count UTF-16 units and grapheme clusters (costs a decode; for the json reply format). */
  detailedCounts?: boolean;
  /** How many leading bytes of each message to keep for logs and transcripts. */
  previewBytes?: number;
  /**
   * Validates and counts runs of bytes between characters (the server passes plainUtf8Kernel,
   * or a faster one from accelerators/). Without one, every byte goes through the state machine:
   * the reference the tests hold each kernel to.
   */
  kernel?: Utf8Kernel;
}

const NO_PREVIEW = Buffer.alloc(0);

/**
 * Turns a TCP byte stream into messages, validating and counting each one as its bytes
 * arrive, so memory does not grow with message length. A message ends at LF (a CR just
 * before it is dropped), or where the caller says it ends: after a quiet period or at
 * half-close. Pure: no I/O, no timers.
 *
 * This class frames and limits messages; Utf8MessageCounter validates and counts the bytes
 * of each one, and knows where and why UTF-8 breaks.
 */
export class MessageDecoder {
  private readonly maxMessageBytes: number;
  private readonly previewCapacity: number;
  private readonly graphemes: GraphemeCounter | null;
  private readonly utf8: Utf8MessageCounter;

  private bytes = 0;
  private lastByteWasCR = false;
  private discarding = false;

  private preview: Buffer;
  private previewLength = 0;

  constructor(options: MessageDecoderOptions) {
    this.maxMessageBytes = options.maxMessageBytes;
    this.previewCapacity = options.previewBytes ?? 0;
    this.preview = this.previewCapacity > 0 ? Buffer.alloc(this.previewCapacity) : NO_PREVIEW;
    this.graphemes = options.detailedCounts ? new GraphemeCounter() : null;
    this.utf8 = new Utf8MessageCounter(options.kernel, this.graphemes !== null);
  }

  /** True when bytes of an unfinished message are waiting for their end. */
  get hasPendingBytes(): boolean {
    return this.bytes > 0 || this.discarding;
  }

  /** Feeds the next bytes of the stream; calls `onMessage` for every message they complete, in order. */
  push(chunk: Uint8Array, onMessage: (outcome: MessageOutcome) => void): void {
    this.utf8.beginChunk(chunk);
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        this.consume(chunk, start, chunk.length, onMessage);
        return;
      }
      this.consume(chunk, start, newline, onMessage);
      this.endMessage('newline', onMessage);
      start = newline + 1;
    }
  }

  /** Ends the pending message without a newline (quiet period or half-close); no-op when nothing is pending. */
  finish(end: Exclude<MessageEnd, 'newline'>, onMessage: (outcome: MessageOutcome) => void): void {
    if (!this.hasPendingBytes) return;
    if (this.maxMessageBytes > 0 && !this.discarding && this.bytes > this.maxMessageBytes) {
      onMessage(this.oversized());
      this.reset();
      return;
    }
    this.endMessage(end, onMessage);
  }

  private consume(chunk: Uint8Array, start: number, end: number, onMessage: (outcome: MessageOutcome) => void): void {
    if (this.discarding || start === end) return;
    this.capturePreview(chunk, start, end);
    if (this.maxMessageBytes > 0 && this.exceedsLimit(chunk, start, end)) {
      onMessage(this.oversized());
      this.discarding = true;
      return;
    }
    const baseOffset = this.bytes - start;
    this.bytes += end - start;
    this.lastByteWasCR = chunk[end - 1] === CR;
    this.utf8.push(chunk, start, end, baseOffset);
    if (this.utf8.error === null) this.graphemes?.push(chunk, start, end);
  }

  /**
   * A trailing CR is only dropped when LF follows, so a message exactly one byte over the
   * limit whose last byte is CR is not oversized until the next byte (or the message end) decides.
   */
  private exceedsLimit(chunk: Uint8Array, start: number, end: number): boolean {
    const total = this.bytes + (end - start);
    const limit = this.maxMessageBytes;
    if (total <= limit) return false;
    if (total > limit + 1) return true;
    return chunk[end - 1] !== CR;
  }

  private endMessage(end: MessageEnd, onMessage: (outcome: MessageOutcome) => void): void {
    if (this.discarding) {
      this.reset();
      return;
    }
    if (end === 'newline' && this.lastByteWasCR) this.dropTrailingCR();
    this.utf8.end(this.bytes);
    const error = this.utf8.error;
    onMessage(error === null ? this.counted(end) : { kind: 'invalid-utf8', bytes: this.bytes, error, preview: this.takePreview() });
    this.reset();
  }

  private dropTrailingCR(): void {
    this.bytes--;
    if (this.previewLength > this.bytes) this.previewLength = this.bytes;
    this.utf8.dropTrailingCR(this.bytes);
  }

  private counted(end: MessageEnd): CountedMessage {
    const { chars, fourByteSequences } = this.utf8;
    const message: CountedMessage = { kind: 'count', chars, bytes: this.bytes, preview: this.takePreview() };
    if (this.graphemes !== null) {
      message.utf16Units = chars + fourByteSequences;
      message.graphemes = this.graphemes.finish(end !== 'newline');
    }
    return message;
  }

  private oversized(): OversizedMessage {
    return { kind: 'too-long', limit: this.maxMessageBytes, preview: this.takePreview() };
  }

  private capturePreview(chunk: Uint8Array, start: number, end: number): void {
    const room = this.previewCapacity - this.previewLength;
    if (room <= 0) return;
    const take = Math.min(room, end - start);
    this.preview.set(chunk.subarray(start, start + take), this.previewLength);
    this.previewLength += take;
  }

  private takePreview(): Buffer {
    return this.previewLength === 0 ? NO_PREVIEW : Buffer.from(this.preview.subarray(0, this.previewLength));
  }

  private reset(): void {
    this.bytes = 0;
    this.lastByteWasCR = false;
    this.discarding = false;
    this.utf8.reset();
    this.previewLength = 0;
    this.graphemes?.reset();
  }
}
