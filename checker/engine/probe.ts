/**
 * One client connection of a stage: it sends, half-closes and reads replies, writes every
 * step into the stage's trace, and turns a wrong or missing reply into a StageFailure.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { renderPreview } from '../../protocol';
import type { PeerState, ProbeConnection, ReplyRead } from '../probe/connection';
import { escapeAll } from './escape';
import { StageFailure } from './stage';
import type { StageContext } from './stage-context';

export interface SendPlan {
  /** Byte offsets where a new write starts (default: one write). */
  cuts?: number[];
  /** Pause between writes, at most the timing's 50 ms. */
  pauseMs?: number;
  /** How the message ends, for the trace: "no newline" by default. */
  ending?: string;
  /**
   * End the message with a half-close (FIN), unless the server answers at once. A server
   * that answers and closes before the FIN reaches it would take it in TIME_WAIT, and a
   * restarted server without SO_REUSEADDR could not bind for a minute; a server that waits
   * for the end of the message gets the FIN.
   */
  thenHalfClose?: boolean;
}

/** How long after the last byte a server's immediate reply spares the half-close: far below any quiet time a server uses. */
const IMMEDIATE_REPLY_MS = 50;

const encoder = new TextEncoder();
const PREVIEW_CHARS = 48;

export class Probe {
  private sentBytes: Uint8Array[] = [];

  constructor(
    private readonly connection: ProbeConnection,
    readonly label: string,
    private readonly context: StageContext,
  ) {}

  /** Everything this client has sent, for the trace. */
  get sent(): Uint8Array {
    return Buffer.concat(this.sentBytes);
  }

  async send(message: Uint8Array | string, plan: SendPlan = {}): Promise<void> {
    const bytes = typeof message === 'string' ? encoder.encode(message) : message;
    const starts = [0, ...(plan.cuts ?? [])];
    const pauseMs = Math.min(plan.pauseMs ?? 0, this.context.timing.maxPauseInMessageMs);
    const how = starts.length === 1 ? '' : ` in ${starts.length} writes${pauseMs > 0 ? ` ${pauseMs} ms apart` : ''}`;
    this.context.step(`${this.label}: sent ${bytes.length} bytes ${preview(bytes)}${how} (${plan.ending ?? 'no newline'})`);
    for (const [index, start] of starts.entries()) {
      if (index > 0 && pauseMs > 0) await sleep(pauseMs);
      const piece = bytes.subarray(start, starts[index + 1] ?? bytes.length);
      this.context.options.wire?.(`${this.label} -> ${escapeAll(piece)}`);
      this.sentBytes.push(piece);
      try {
        await this.connection.write(piece);
      } catch (error) {
        throw new StageFailure(
          `to send ${bytes.length} bytes`,
          `an error after ${start} of them: ${(error as Error).message}`,
          { sent: this.sent },
          this.context.outputNotes(),
        );
      }
    }
    if (plan.thenHalfClose) await this.endMessage();
  }

  /** The end of a message sent with thenHalfClose: FIN, unless a reply is already on its way. */
  private async endMessage(): Promise<void> {
    if (await this.connection.waitForData(IMMEDIATE_REPLY_MS)) {
      this.context.step(`${this.label}: the server answered at once, so the client did not need to half-close`);
      return;
    }
    await this.halfClose();
  }

  /** Sends FIN: the client will send nothing more, and still reads. */
  async halfClose(): Promise<void> {
    this.context.step(`${this.label}: half-closed its side (sent FIN), still reading`);
    this.context.options.wire?.(`${this.label} -> FIN`);
    await this.connection.end();
  }

  /** Reads one reply, LF-, CRLF- or close-ended, or complete after the quiet time. */
  async reply(timeoutMs = this.context.timing.replyTimeoutMs): Promise<ReplyRead> {
    const read = await this.connection.readReply({ timeoutMs, quietMs: this.context.timing.quietMs });
    this.context.options.wire?.(`${this.label} <- ${escapeAll(read.bytes)} [${read.ending}]`);
    this.context.step(`${this.label}: ${describeRead(read, timeoutMs)}`);
    return read;
  }

  /** The assignment's reply: exactly the sentence with the count, however it ends. */
  async expectReplyText(expectedText: string, timeoutMs?: number): Promise<void> {
    const read = await this.reply(timeoutMs);
    this.judge(read, encoder.encode(expectedText), `"${expectedText}"`, timeoutMs);
  }

  /**
   * A reply whose count is right, whatever the sentence around it: every stage but
   * reply-text tests one thing, so a server with the wrong wording fails reply-text alone.
   * The trace still shows the exact sentence the assignment asks for.
   */
  async expectCount(chars: number, exactText: string, timeoutMs?: number): Promise<void> {
    const read = await this.reply(timeoutMs);
    const expected = encoder.encode(exactText);
    if (read.bytes.length === 0) this.missing(read, `"${exactText}"`, expected, timeoutMs, `"${exactText}"`);
    const count = /(\d+)\s*$/.exec(Buffer.from(read.bytes).toString('utf8'));
    if (count === null || Number(count[1]) !== chars) this.wrong(read, `a reply counting ${chars}: "${exactText}"`, expected);
  }

  /** A protocol reply: a line ended by LF that `accepts` reads as right. */
  async expectLine(accepts: (line: string) => boolean, describeExpected: string, expectedBytes: Uint8Array, timeoutMs?: number): Promise<void> {
    const read = await this.reply(timeoutMs);
    if (read.ending !== 'lf' && read.ending !== 'crlf') this.missing(read, describeExpected, expectedBytes, timeoutMs, 'a line ended by LF');
    const line = Buffer.from(read.bytes).toString('utf8');
    if (!accepts(line)) this.wrong(read, describeExpected, expectedBytes);
  }

  /** Waits up to timeoutMs for the server to close or reset this connection, and says which in the trace. */
  async waitForPeer(timeoutMs: number): Promise<PeerState> {
    const state = await this.connection.waitForPeerClose(timeoutMs);
    this.context.step(`${this.label}: ${state === 'open' ? `the connection stayed open for ${seconds(timeoutMs)}` : `the server ${state === 'reset' ? 'reset' : 'closed'} the connection`}`);
    return state;
  }

  /** The server must close or reset this connection within timeoutMs. */
  async expectPeerGone(timeoutMs: number): Promise<void> {
    if ((await this.waitForPeer(timeoutMs)) === 'open') {
      throw new StageFailure('the server to close the connection', `the connection still open after ${seconds(timeoutMs)}`, { sent: this.sent });
    }
  }

  async close(): Promise<void> {
    await this.connection.abort();
  }

  private judge(read: ReplyRead, expected: Uint8Array, describeExpected: string, timeoutMs?: number): void {
    if (read.bytes.length === 0) this.missing(read, describeExpected, expected, timeoutMs, describeExpected);
    if (Buffer.compare(Buffer.from(read.bytes), Buffer.from(expected)) !== 0) this.wrong(read, describeExpected, expected);
  }

  private missing(read: ReplyRead, describeExpected: string, expected: Uint8Array, timeoutMs: number | undefined, what: string): never {
    const got =
      read.ending === 'timeout'
        ? read.bytes.length > 0
          ? `${preview(read.bytes)} with no end within ${seconds(timeoutMs ?? this.context.timing.replyTimeoutMs)}`
          : `no reply within ${seconds(timeoutMs ?? this.context.timing.replyTimeoutMs)} (the connection stayed open)`
        : read.ending === 'reset'
          ? `a reset (RST)${read.bytes.length > 0 ? ` after ${preview(read.bytes)}` : ' and no reply'}`
          : read.bytes.length > 0
            ? `${preview(read.bytes)} and then the server closed the connection`
            : 'the server closed the connection without a reply';
    const failure = new StageFailure(what === describeExpected ? describeExpected : `${describeExpected}, as ${what}`, got, { sent: this.sent, expected, received: read.bytes }, this.context.outputNotes());
    failure.endedWithoutReply = read.bytes.length === 0 && (read.ending === 'close' || read.ending === 'reset');
    throw failure;
  }

  private wrong(read: ReplyRead, describeExpected: string, expected: Uint8Array): never {
    throw new StageFailure(describeExpected, `"${renderPreview(read.bytes, read.bytes.length, 200)}"`, { sent: this.sent, expected, received: read.bytes }, this.context.outputNotes());
  }
}

function describeRead(read: ReplyRead, timeoutMs: number): string {
  const ms = `${Math.round(read.elapsedMs)} ms`;
  switch (read.ending) {
    case 'lf':
      return `received ${read.bytes.length} bytes ${preview(read.bytes)} ended by LF (${ms})`;
    case 'crlf':
      return `received ${read.bytes.length} bytes ${preview(read.bytes)} ended by CRLF (${ms})`;
    case 'close':
      return read.bytes.length > 0 ? `received ${read.bytes.length} bytes ${preview(read.bytes)}, then the server closed the connection (${ms})` : `the server closed the connection without a reply (${ms})`;
    case 'quiet':
      return `received ${read.bytes.length} bytes ${preview(read.bytes)}, then nothing more for the quiet time (${ms})`;
    case 'timeout':
      return read.bytes.length > 0 ? `received ${preview(read.bytes)} with no end within ${seconds(timeoutMs)}` : `received nothing within ${seconds(timeoutMs)}`;
    case 'reset':
      return `the server reset the connection (RST)${read.bytes.length > 0 ? ` after ${read.bytes.length} bytes ${preview(read.bytes)}` : ''} (${ms})`;
  }
}

function preview(bytes: Uint8Array): string {
  return `"${renderPreview(bytes.subarray(0, PREVIEW_CHARS * 4), bytes.length, PREVIEW_CHARS)}"`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
