import type { Utf8Error, Utf8ErrorReason } from './utf8-error';
import { GraphemeCounter } from './grapheme-counter';
import { secondByteHigh, secondByteLow, type Utf8Kernel } from './utf8-kernel';

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
 * Validation is a byte-by-byte state machine (`step`), which knows where and why UTF-8
 * breaks, even when a character is cut in half between two reads.
 */
export class MessageDecoder {
  private readonly maxMessageBytes: number;
  private readonly previewCapacity: number;
  private readonly graphemes: GraphemeCounter | null;
  private readonly kernel: Utf8Kernel | undefined;

  private bytes = 0;
  private chars = 0;
  private fourByteSequences = 0;
  private lastByteWasCR = false;
  private discarding = false;
  private error: Utf8Error | null = null;

  private continuationsNeeded = 0;
  private sequenceStart = 0;
  private sequenceLead = 0;
  private sequenceLength = 0;
  private nextLow = 0x80;
  private nextHigh = 0xbf;

  private preview: Buffer;
  private previewLength = 0;

  constructor(options: MessageDecoderOptions) {
    this.maxMessageBytes = options.maxMessageBytes;
    this.previewCapacity = options.previewBytes ?? 0;
    this.preview = this.previewCapacity > 0 ? Buffer.alloc(this.previewCapacity) : NO_PREVIEW;
    this.graphemes = options.detailedCounts ? new GraphemeCounter() : null;
    this.kernel = options.kernel;
  }

  /** True when bytes of an unfinished message are waiting for their end. */
  get hasPendingBytes(): boolean {
    return this.bytes > 0 || this.discarding;
  }

  /** Feeds the next bytes of the stream; calls `onMessage` for every message they complete, in order. */
  push(chunk: Uint8Array, onMessage: (outcome: MessageOutcome) => void): void {
    this.kernel?.beginChunk?.(chunk);
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
    if (this.error !== null) return;
    this.validateAndCount(chunk, start, end, baseOffset);
    if (this.error === null) this.graphemes?.push(chunk, start, end);
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

  /**
   * Between characters the kernel, if any, takes the longest valid run it can; the state
   * machine takes the byte where that run stopped: the start of a character cut by the end of
   * the read (it carries over to the next chunk), or the invalid byte it then reports.
   */
  private validateAndCount(chunk: Uint8Array, start: number, end: number, baseOffset: number): void {
    const kernel = this.kernel;
    for (let i = start; i < end; i++) {
      if (kernel !== undefined && this.continuationsNeeded === 0) {
        const validEnd = kernel.validPrefixEnd(chunk, i, end);
        if (validEnd > i) {
          this.chars += kernel.countCodePoints(chunk, i, validEnd);
          if (this.graphemes !== null) this.fourByteSequences += countFourByteLeads(chunk, i, validEnd);
          i = validEnd;
          if (i === end) return;
        }
      }
      this.step(chunk[i], baseOffset + i);
      if (this.error !== null) return;
    }
  }

  /** One byte of the byte-precise decoder: the fallback that finds where and why UTF-8 breaks. */
  private step(byte: number, offset: number): void {
    if (this.continuationsNeeded === 0) {
      if (byte < 0x80) {
        this.chars++;
      } else if (byte < 0xc0) {
        this.fail(offset, 'unexpected-continuation', byte, -1, offset, 1);
      } else if (byte < 0xc2) {
        this.fail(offset, 'overlong', byte, -1, offset, 2);
      } else if (byte < 0xf5) {
        this.startSequence(byte, offset);
      } else if (byte < 0xf8) {
        this.fail(offset, 'above-max', byte, -1, offset, 4);
      } else {
        this.fail(offset, 'invalid-byte', byte, -1, offset, 1);
      }
      return;
    }
    if (byte < this.nextLow || byte > this.nextHigh) {
      this.fail(this.sequenceStart, this.reasonForBadContinuation(byte), this.sequenceLead, byte, offset, this.sequenceLength);
      return;
    }
    this.nextLow = 0x80;
    this.nextHigh = 0xbf;
    if (--this.continuationsNeeded === 0) {
      this.chars++;
      if (this.sequenceLength === 4) this.fourByteSequences++;
    }
  }

  private startSequence(lead: number, offset: number): void {
    this.sequenceStart = offset;
    this.sequenceLead = lead;
    this.sequenceLength = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    this.continuationsNeeded = this.sequenceLength - 1;
    this.nextLow = secondByteLow(lead);
    this.nextHigh = secondByteHigh(lead);
  }

  private reasonForBadContinuation(byte: number): Utf8ErrorReason {
    if ((byte & 0xc0) !== 0x80) return 'missing-continuation';
    switch (this.sequenceLead) {
      case 0xe0:
      case 0xf0:
        return 'overlong';
      case 0xed:
        return 'surrogate';
      default:
        return 'above-max';
    }
  }

  private fail(
    offset: number,
    reason: Utf8ErrorReason,
    lead: number,
    culprit: number,
    culpritOffset: number,
    sequenceLength: number,
  ): void {
    this.error = { offset, reason, lead, culprit, culpritOffset, sequenceLength };
    this.continuationsNeeded = 0;
  }

  private endMessage(end: MessageEnd, onMessage: (outcome: MessageOutcome) => void): void {
    if (this.discarding) {
      this.reset();
      return;
    }
    if (end === 'newline' && this.lastByteWasCR) this.dropTrailingCR();
    if (this.error === null && this.continuationsNeeded > 0) {
      this.fail(this.sequenceStart, 'truncated', this.sequenceLead, -1, this.bytes, this.sequenceLength);
    }
    onMessage(this.error === null ? this.counted(end) : { kind: 'invalid-utf8', bytes: this.bytes, error: this.error, preview: this.takePreview() });
    this.reset();
  }

  private dropTrailingCR(): void {
    this.bytes--;
    if (this.previewLength > this.bytes) this.previewLength = this.bytes;
    const error = this.error;
    if (error === null) {
      this.chars--;
    } else if (error.reason === 'missing-continuation' && error.culpritOffset === this.bytes) {
      this.error = { ...error, reason: 'truncated', culprit: -1 };
    }
  }

  private counted(end: MessageEnd): CountedMessage {
    const message: CountedMessage = { kind: 'count', chars: this.chars, bytes: this.bytes, preview: this.takePreview() };
    if (this.graphemes !== null) {
      message.utf16Units = this.chars + this.fourByteSequences;
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
    this.chars = 0;
    this.fourByteSequences = 0;
    this.lastByteWasCR = false;
    this.discarding = false;
    this.error = null;
    this.continuationsNeeded = 0;
    this.nextLow = 0x80;
    this.nextHigh = 0xbf;
    this.previewLength = 0;
    this.graphemes?.reset();
  }
}

/** Lead bytes of code points above U+FFFF, which take two UTF-16 units (for the json reply's utf16Units). */
function countFourByteLeads(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (bytes[i] >= 0xf0) count++;
  return count;
}
