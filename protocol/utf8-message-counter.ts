import type { Utf8Error, Utf8ErrorReason } from './utf8-error';
import { isContinuation, secondByteHigh, secondByteLow, sequenceLength, type Utf8Kernel } from './utf8-kernel';

/**
 * Validates and counts the UTF-8 of one message whose bytes arrive in pieces (the decoder
 * hands it each piece between two line ends). Between characters the kernel, if any, takes
 * the longest valid run it can; the rest goes through a byte-by-byte state machine (`step`),
 * which knows where and why UTF-8 breaks, even when a character is cut in half between two
 * reads. After the first error it counts nothing more: the message is invalid anyway.
 */
export class Utf8MessageCounter {
  /** Unicode code points so far: Python's len(data.decode("utf-8")). */
  chars = 0;
  /** Characters above U+FFFF, which take two UTF-16 units; counted only when `countFourByte`. */
  fourByteSequences = 0;
  error: Utf8Error | null = null;

  private continuationsNeeded = 0;
  private sequenceStart = 0;
  private sequenceLead = 0;
  private sequenceLength = 0;
  private nextLow = 0x80;
  private nextHigh = 0xbf;

  constructor(
    private readonly kernel: Utf8Kernel | undefined,
    private readonly countFourByte: boolean,
  ) {}

  /** Shows the kernel each whole chunk before its parts (between line ends) are pushed. */
  beginChunk(chunk: Uint8Array): void {
    this.kernel?.beginChunk?.(chunk);
  }

  /**
   * Takes chunk[start, end); `baseOffset` turns a chunk index into an offset in the message.
   * A character cut by `end` carries over to the next push; an invalid byte stops the count.
   */
  push(chunk: Uint8Array, start: number, end: number, baseOffset: number): void {
    if (this.error !== null) return;
    const kernel = this.kernel;
    for (let i = start; i < end; i++) {
      if (kernel !== undefined && this.continuationsNeeded === 0) {
        const validEnd = kernel.validPrefixEnd(chunk, i, end);
        if (validEnd > i) {
          this.chars += kernel.countCodePoints(chunk, i, validEnd);
          if (this.countFourByte) this.fourByteSequences += countFourByteLeads(chunk, i, validEnd);
          i = validEnd;
          if (i === end) return;
        }
      }
      this.step(chunk[i], baseOffset + i);
      if (this.error !== null) return;
    }
  }

  /** The message ends after `messageBytes` bytes: a character still waiting for bytes is truncated. */
  end(messageBytes: number): void {
    if (this.error === null && this.continuationsNeeded > 0) {
      this.fail(this.sequenceStart, 'truncated', this.sequenceLead, -1, messageBytes, this.sequenceLength);
    }
  }

  /**
   * The message's last byte was the CR of a CR LF and is not part of it after all: it no longer
   * counts, and a sequence it broke (at `messageBytes`, the length without it) was cut short instead.
   */
  dropTrailingCR(messageBytes: number): void {
    const error = this.error;
    if (error === null) {
      this.chars--;
    } else if (error.reason === 'missing-continuation' && error.culpritOffset === messageBytes) {
      this.error = { ...error, reason: 'truncated', culprit: -1 };
    }
  }

  reset(): void {
    this.chars = 0;
    this.fourByteSequences = 0;
    this.error = null;
    this.continuationsNeeded = 0;
    this.nextLow = 0x80;
    this.nextHigh = 0xbf;
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
    this.sequenceLength = sequenceLength(lead);
    this.continuationsNeeded = this.sequenceLength - 1;
    this.nextLow = secondByteLow(lead);
    this.nextHigh = secondByteHigh(lead);
  }

  private reasonForBadContinuation(byte: number): Utf8ErrorReason {
    if (!isContinuation(byte)) return 'missing-continuation';
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
}

/** Lead bytes of code points above U+FFFF, which take two UTF-16 units (for the json reply's utf16Units). */
function countFourByteLeads(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (bytes[i] >= 0xf0) count++;
  return count;
}
