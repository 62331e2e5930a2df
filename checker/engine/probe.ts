/**
 * One client connection of a stage: it sends, half-closes and reads replies, writes every
 * step into the stage's trace, and turns a wrong or missing reply into a StageFailure.
 */
import type { Language } from '../../language';
import type { FinishOutcome, PeerState, ProbeConnection, ReplyRead } from '../probe/connection';
import { countInReply } from './count-in-reply';
import { recordedBytes } from './recorded-bytes';
import { escapeAll } from './escape';
import { writeAtOnce, writePaced } from './message-writes';
import { missingReplyFailure, wrongReplyFailure, type ReplyExpectation } from './reply-failures';
import { IMMEDIATE_REPLY_MS } from './reply-habit';
import { StageFailure } from './stage';
import type { StageContext } from './stage-context';
import { otherMessagesInFlight } from './messages-in-flight';
import { tracePreview as preview } from './trace-preview';

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

const encoder = new TextEncoder();

export class Probe {
  private sentBytes: Uint8Array[] = [];
  private closing: Promise<void> | null = null;
  /**
   * The last message sent, where its writes began, when its first byte went, where the record
   * stood then, and whether the server's bytes were already there before its last write (for
   * FailureFacts).
   */
  private message: { bytes: Uint8Array; writeStarts: number[]; sentAt: number; recordAt: number; answeredEarly: boolean } = {
    bytes: new Uint8Array(0),
    writeStarts: [],
    sentAt: 0,
    recordAt: 0,
    answeredEarly: false,
  };
  /** Whether the record already holds the server's FIN or reset. */
  private peerRecorded = false;
  /** Whether this client has half-closed (sent FIN). */
  private finSent = false;
  /** A message went out and no reply has been read since (ReplyHabit learns from the first one). */
  private awaitingReply = false;
  /** The last message was written in the same instant as other clients' (StageContext.sendTogether). */
  private sentTogether = false;

  constructor(
    private readonly connection: ProbeConnection,
    readonly label: string,
    private readonly context: StageContext,
  ) {}

  /** The language of the stage's trace. */
  get language(): Language {
    return this.context.language;
  }

  /** Whether the checker still holds this connection open (it has not begun to close it). */
  get held(): boolean {
    return this.closing === null;
  }

  /** Everything this client has sent, for the trace. */
  get sent(): Uint8Array {
    return Buffer.concat(this.sentBytes);
  }

  async send(message: Uint8Array | string, plan: SendPlan = {}): Promise<void> {
    const bytes = typeof message === 'string' ? encoder.encode(message) : message;
    const starts = [0, ...(plan.cuts ?? [])];
    const pauseMs = Math.min(plan.pauseMs ?? 0, this.context.timing.maxPauseInMessageMs);
    const trace = this.context.trace;
    this.context.step(trace.sent({ client: this.label, bytes: bytes.length, preview: preview(bytes), writes: starts.length, pauseMs, ending: plan.ending ?? trace.noNewline() }));
    const pieces = starts.map((start, index) => bytes.subarray(start, starts[index + 1] ?? bytes.length));
    for (const piece of pieces) this.context.options.wire?.(`${this.label} -> ${escapeAll(piece)}`);
    this.sentBytes.push(...pieces);
    this.startMessage(bytes, starts.slice(1), false);
    const writes = { connection: this.connection, context: this.context, client: this.label, pieces };
    const noteAnsweredEarly = async (): Promise<void> => {
      this.message.answeredEarly = await this.hasServerBytes();
    };
    try {
      if (pauseMs === 0) {
        await noteAnsweredEarly();
        await writeAtOnce(writes);
      } else {
        await writePaced(writes, pauseMs, noteAnsweredEarly);
      }
    } catch (error) {
      throw new StageFailure(trace.expectedToSend({ bytes: bytes.length }), trace.gotError({ error }), { sent: this.sent }, this.context.outputNotes());
    }
    if (plan.thenHalfClose) await this.endMessage();
  }

  /**
   * This client's part of a write to several clients at once (StageContext.sendTogether): the
   * trace's step and the connection to write `message` to, in one write.
   */
  togetherWrite(message: string, together: number): { connection: ProbeConnection; bytes: Uint8Array } {
    const bytes = encoder.encode(message);
    this.context.step(this.context.trace.sentTogether({ client: this.label, bytes: bytes.length, preview: preview(bytes), others: together - 1 }));
    this.context.options.wire?.(`${this.label} -> ${escapeAll(bytes)}`);
    this.sentBytes.push(bytes);
    this.startMessage(bytes, [], true);
    this.context.event({ kind: 'send', client: this.label, bytes: recordedBytes(bytes) });
    return { connection: this.connection, bytes };
  }

  /** A new message goes out: what FailureFacts and ReplyHabit will want to know about it. */
  private startMessage(bytes: Uint8Array, writeStarts: number[], together: boolean): void {
    const recordAt = this.context.record.filter((event) => event.kind !== 'receive').length;
    this.message = { bytes, writeStarts, sentAt: performance.now(), recordAt, answeredEarly: false };
    this.awaitingReply = true;
    this.sentTogether = together;
  }

  /** Whether the server has sent bytes this client has not read yet: looked at before a message's last write (and its pause). */
  private async hasServerBytes(): Promise<boolean> {
    return (await this.connection.waitForData(0)) === 'data';
  }

  /** The end of a message sent with thenHalfClose: FIN, unless a reply is already on its way. */
  async endMessage(): Promise<void> {
    // A server known to answer only at the end of a message gets its FIN at once (ReplyHabit);
    // but messages written together keep the wait, so all of them are in the server before any
    // FIN ends one (a server that mixes clients' bytes must see them mixed).
    const finAtOnce = this.context.replyHabit.finAtOnce && !this.sentTogether;
    const arrival = finAtOnce ? 'nothing' : await this.connection.waitForData(IMMEDIATE_REPLY_MS);
    if (arrival === 'nothing') {
      await this.halfClose();
      return;
    }
    if (arrival === 'data') this.context.replyHabit.noteAnsweredAtOnce();
    const say = this.context.say;
    this.context.step(arrival === 'data' ? say.answeredAtOnce({ client: this.label }) : say.closedAtOnce({ client: this.label, how: arrival }));
  }

  /** Sends FIN: the client will send nothing more, and still reads. */
  async halfClose(): Promise<void> {
    this.context.step(this.context.say.halfClosed({ client: this.label }));
    this.context.options.wire?.(`${this.label} -> FIN`);
    this.context.event({ kind: 'fin-sent', client: this.label });
    this.finSent = true;
    await this.connection.end();
  }

  /** Reads one reply, LF-, CRLF- or close-ended, or complete after the quiet time. */
  async reply(timeoutMs = this.context.timing.replyTimeoutMs): Promise<ReplyRead> {
    const readStarted = performance.now();
    const read = await this.connection.readReply({ timeoutMs, quietMs: this.context.timing.quietMs });
    if (this.awaitingReply && !this.finSent) this.context.replyHabit.noteReplyWithoutFin(read.ending !== 'timeout' || read.bytes.length > 0, read.elapsedMs);
    this.awaitingReply = false;
    this.context.options.wire?.(`${this.label} <- ${escapeAll(read.bytes)} [${read.ending}]`);
    this.recordReceived(read, readStarted);
    if (read.ending === 'close' || read.ending === 'reset') this.recordPeer(read.ending);
    if (read.ending === 'timeout') this.context.event({ kind: 'timeout', client: this.label, waitedMs: Math.round(read.elapsedMs) });
    this.context.event({ kind: 'reply', client: this.label, bytes: recordedBytes(read.bytes), ending: read.ending, elapsedMs: Math.round(read.elapsedMs) });
    this.context.step(this.context.trace.read({ client: this.label, ending: read.ending, bytes: read.bytes.length, preview: preview(read.bytes), ms: read.elapsedMs, timeoutMs: Math.max(timeoutMs, read.elapsedMs) }));
    return read;
  }

  /** The reply's bytes in the pieces they arrived in, each at its time (one piece at the read's end where the connection does not tell). */
  private recordReceived(read: ReplyRead, readStarted: number): void {
    if (read.bytes.length === 0) return;
    const pieces = read.pieces?.length ? read.pieces : [{ length: read.bytes.length, afterMs: read.elapsedMs }];
    let from = 0;
    for (const { length, afterMs } of pieces) {
      this.context.eventAt(readStarted + afterMs, { kind: 'receive', client: this.label, bytes: recordedBytes(read.bytes.subarray(from, from + length)) });
      from += length;
    }
  }

  /** The assignment's reply: exactly the sentence with the count, however it ends. */
  async expectReplyText(expectedText: string, timeoutMs?: number): Promise<void> {
    const read = await this.reply(timeoutMs);
    const expected = encoder.encode(expectedText);
    if (read.bytes.length === 0) throw missingReplyFailure(this.expectation(`"${expectedText}"`, expected), read, timeoutMs, null);
    if (Buffer.compare(Buffer.from(read.bytes), Buffer.from(expected)) !== 0) {
      throw wrongReplyFailure(this.expectation(`"${expectedText}"`, expected), read, { kind: 'reply-text', message: this.message.bytes, expected, reply: read.bytes, ending: read.ending, lineRequired: false });
    }
  }

  /**
   * A reply whose count is right, whatever the sentence around it: every stage but
   * reply-text tests one thing, so a server with the wrong wording fails reply-text alone.
   * The count may stand anywhere (countInReply: the reply less every copy of the message must
   * hold exactly one number). The trace still shows the exact sentence the assignment asks for.
   */
  async expectCount(chars: number, exactText: string, message: Uint8Array | string, timeoutMs?: number): Promise<void> {
    const read = await this.reply(timeoutMs);
    const expected = encoder.encode(exactText);
    if (read.bytes.length === 0) throw missingReplyFailure(this.expectation(`"${exactText}"`, expected), read, timeoutMs, null);
    const sent = typeof message === 'string' ? message : Buffer.from(message).toString('utf8');
    const stated = countInReply(Buffer.from(read.bytes).toString('utf8'), sent);
    if (stated.count !== chars) {
      throw wrongReplyFailure(this.expectation(this.context.trace.replyCounting({ chars, reply: `"${exactText}"` }), expected), read, {
        kind: 'count',
        message: this.message.bytes,
        writeStarts: this.message.writeStarts,
        expected: chars,
        reply: read.bytes,
        ending: read.ending,
        found: stated.count,
        otherMessages: otherMessagesInFlight(this.context.record, this.label, this.message.recordAt),
        replyAfterMs: Math.round(performance.now() - this.message.sentAt),
        beforeLastByte: this.message.answeredEarly,
      });
    }
  }

  /** A protocol reply: a line ended by LF that `accepts` reads as right. */
  async expectLine(accepts: (line: string) => boolean, describeExpected: string, expectedBytes: Uint8Array, timeoutMs?: number): Promise<void> {
    const read = await this.reply(timeoutMs);
    if (read.ending !== 'lf' && read.ending !== 'crlf') throw missingReplyFailure(this.expectation(describeExpected, expectedBytes), read, timeoutMs, this.context.trace.lineEndedByLf());
    const line = Buffer.from(read.bytes).toString('utf8');
    if (!accepts(line)) throw wrongReplyFailure(this.expectation(describeExpected, expectedBytes), read, { kind: 'reply-text', message: this.message.bytes, expected: expectedBytes, reply: read.bytes, ending: read.ending, lineRequired: true });
  }

  /** Waits up to timeoutMs for the server to close or reset this connection, and says which in the trace. */
  async waitForPeer(timeoutMs: number): Promise<PeerState> {
    const state = await this.connection.waitForPeerClose(timeoutMs);
    if (state !== 'open') this.recordPeer(state === 'reset' ? 'reset' : 'close');
    this.context.step(this.context.trace.peerState({ client: this.label, state, timeoutMs }));
    return state;
  }

  /** The server must close or reset this connection within timeoutMs. */
  async expectPeerGone(timeoutMs: number): Promise<void> {
    if ((await this.waitForPeer(timeoutMs)) === 'open') {
      throw new StageFailure(this.context.trace.expectedPeerGone(), this.context.trace.gotStillOpen({ timeoutMs }), { sent: this.sent });
    }
  }

  /**
   * Ends the connection politely (ProbeConnection.finish): a reset only once the server has
   * closed, or kept its side open past the grace time after the client's FIN. `say` writes how
   * it went into the trace; a reset of a connection the server still had open is noted, so a
   * program that dies of it is not failed for it.
   */
  close(options: { say?: boolean } = {}): Promise<void> {
    this.closing ??= this.finish(options);
    return this.closing;
  }

  /**
   * Starts the polite close and goes on at once: the client is done, and its goodbye (up to 30 ms
   * for the server's FIN, then the server's own close) overlaps the next client's exchange.
   * StageContext.closeAll waits for it before the stage ends.
   */
  release(): void {
    void this.close();
  }

  private async finish(options: { say?: boolean }): Promise<void> {
    const { finWaitMs, closeGraceMs } = this.context.timing;
    // A connection whose transport is gone (a probe agent that stopped) has nothing left to close.
    const outcome = await this.connection.finish({ finWaitMs, graceMs: closeGraceMs }).catch((): FinishOutcome => ({ how: 'already-ended', peer: 'closed' }));
    this.recordFinish(outcome.how, outcome.peer);
    const say = this.context.say;
    if (outcome.how === 'reset-after-grace') {
      this.context.checkerResetOpenConnection();
      this.context.options.wire?.(`${this.label} -> FIN, then RST`);
    } else if (outcome.how === 'server-closed-after-fin') this.context.options.wire?.(`${this.label} -> FIN`);
    if (options.say) {
      const how = outcome.how === 'server-closed-first' || outcome.how === 'already-ended' ? 'first' : outcome.how === 'server-closed-after-fin' ? 'after-fin' : 'reset-after-grace';
      this.context.step(say.goodbye({ client: this.label, how, graceMs: closeGraceMs }));
    } else if (outcome.how === 'reset-after-grace') this.context.step(say.resetAfterGrace({ client: this.label, graceMs: closeGraceMs }));
  }

  /** The wire events of a polite close, as it went. */
  private recordFinish(how: FinishOutcome['how'], peer: PeerState): void {
    if (how === 'already-ended') return;
    if (how === 'server-closed-first') {
      this.recordPeer(peer === 'reset' ? 'reset' : 'close');
      // After the client's own FIN, both sides have closed and the kernel sends no reset.
      if (peer !== 'reset' && !this.finSent) this.context.event({ kind: 'rst-sent', client: this.label });
      return;
    }
    if (!this.finSent) this.context.event({ kind: 'fin-sent', client: this.label });
    if (how === 'server-closed-after-fin') this.recordPeer(peer === 'reset' ? 'reset' : 'close');
    else this.context.event({ kind: 'rst-sent', client: this.label });
  }

  private recordPeer(how: 'close' | 'reset'): void {
    if (this.peerRecorded) return;
    this.peerRecorded = true;
    this.context.event({ kind: how === 'reset' ? 'rst-received' : 'fin-received', client: this.label });
  }

  /** What the check expected, for the failure it throws (built only then: `sent` copies every byte sent). */
  private expectation(describeExpected: string, expected: Uint8Array): ReplyExpectation {
    return { context: this.context, sent: this.sent, message: this.message.bytes, describeExpected, expected };
  }
}
