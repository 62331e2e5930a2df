import type { Socket } from 'node:net';
import {
  MessageDecoder,
  PREVIEW_BYTES,
  describeUtf8Error,
  formatReply,
  idleTimeoutReply,
  renderPreview,
  type MessageOutcome,
} from '../protocol';
import type { ServerConfig } from './config';
import type { Logger } from './logger';
import { describePeer, plural } from './log-text';
import type { SharedReadBuffer } from './shared-read-buffer';

/** After the last reply is handed to the kernel, how long the client gets to close its side before the socket is destroyed. */
const CLOSE_LINGER_MS = 1000;
/** The same while shutting down, kept short so `docker stop` and Ctrl-C stay quick with idle clients (nc) attached. */
const SHUTDOWN_LINGER_MS = 100;
/** How many messages of one read are answered before the server checks whether the client keeps up. */
const MESSAGES_PER_SLICE = 1024;
/** A client that never reads its last replies cannot hold an ended connection open longer than this. */
const END_TIMEOUT_MS = 30_000;
/** While shutting down, a connection is ended once no bytes have arrived for this long (plus the quiet period while a message is pending). */
const DRAIN_SETTLE_MS = 50;

export type CloseReason = 'client closed' | 'idle timeout' | 'shutdown' | 'reset';

export interface ConnectionSummary {
  peer: string;
  messages: number;
  bytesIn: number;
  bytesOut: number;
  durationMs: number;
  reason: CloseReason;
}

/**
 * Serves one TCP connection: feeds received bytes to the protocol decoder, writes one
 * reply line per message in order, and stops reading while the client is not reading
 * its replies, so a client that never reads cannot make the server buffer without bound.
 */
export class ClientConnection {
  readonly peer: string;
  private readonly socket: Socket;
  private readonly decoder: MessageDecoder;
  private readonly openedAt = performance.now();
  private readonly previewing: boolean;
  private readonly tracingReads: boolean;
  private messages = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private pendingReplies = '';
  /** The part of a read not yet answered because the client stopped reading replies. */
  private unprocessed: Buffer | undefined;
  private clientEndedDuringBacklog = false;
  /** The last write filled the socket's buffer; reading waits for 'drain'. */
  private waitingForDrain = false;
  private reason: CloseReason = 'client closed';
  private quietTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private destroyTimer: NodeJS.Timeout | undefined;
  private ending = false;
  private draining = false;

  constructor(
    accepted: Socket,
    private readonly readBuffer: SharedReadBuffer,
    private readonly config: ServerConfig,
    private readonly logger: Logger,
    private readonly onClosed: (connection: ClientConnection, summary: ConnectionSummary) => void,
  ) {
    this.peer = describePeer(accepted.remoteAddress, accepted.remotePort);
    this.previewing = logger.enabled('info');
    this.tracingReads = logger.enabled('debug');
    this.decoder = new MessageDecoder({
      maxMessageBytes: config.maxMessageBytes,
      detailedCounts: config.replyFormat === 'json',
      previewBytes: this.previewing ? PREVIEW_BYTES : 0,
    });
    const socket = readBuffer.read(accepted, (chunk) => this.receive(chunk), true);
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('end', () => this.clientFinishedSending());
    socket.on('drain', () => this.resumeReading());
    socket.on('error', (error: NodeJS.ErrnoException) => this.failed(error));
    socket.on('close', () => this.closed());
    if (config.idleTimeoutMs > 0) this.idleTimer = setTimeout(() => this.idleTimeout(), config.idleTimeoutMs);
  }

  /** Shutdown: keep answering what is still arriving, then end the connection once input settles. */
  drain(): void {
    if (this.ending) return;
    this.draining = true;
    this.updateSilenceTimers();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    if (this.tracingReads) this.logRead(chunk);
    if (this.ending) return;
    this.process(chunk);
  }

  /**
   * Answers a read a slice of at most MESSAGES_PER_SLICE messages at a time. One read of
   * 64 KiB of empty lines would otherwise make 3 MiB of replies at once, and keep every other
   * connection waiting meanwhile. The rest of the read waits, as bytes, for the 'drain' event
   * when the client is not reading its replies, or for the next turn of the event loop.
   */
  private process(chunk: Buffer): void {
    const answeredBefore = this.messages;
    let start = 0;
    while (start < chunk.length) {
      const end = sliceEnd(chunk, start);
      this.decoder.push(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end), this.answer);
      start = end;
      this.flushReplies();
      if (start < chunk.length) {
        // Either the client is not reading (wait for 'drain'), or it is: then let other
        // connections have a turn before the next slice. A chunk in the shared read buffer is
        // overwritten by the next read, so its rest is copied, once: copying the rest again
        // after every slice made a 100 KB read of empty lines allocate 5 MB.
        const rest = chunk.subarray(start);
        this.unprocessed = this.readBuffer.holds(rest) ? Buffer.from(rest) : rest;
        if (!this.waitingForDrain) {
          this.socket.pause();
          setImmediate(this.continueAfterOthers);
        }
        break;
      }
    }
    if (this.messages !== answeredBefore) this.idleTimer?.refresh();
    this.updateSilenceTimers();
  }

  /**
   * The quiet period and the shutdown settle time both measure the client's silence, so
   * they restart with every chunk and do not run while the server itself has stopped
   * reading (backpressure): bytes waiting in the kernel are not silence.
   */
  private updateSilenceTimers(): void {
    const reading = !this.socket.isPaused();
    if (this.config.quietPeriodMs > 0 && this.decoder.hasPendingBytes && reading) {
      this.quietTimer = restart(this.quietTimer, this.config.quietPeriodMs, () => this.quietPeriodElapsed());
    } else {
      this.clearQuietTimer();
    }
    if (this.draining && reading) {
      // Pending bytes may still become a classic client's message, which needs the quiet period to pass.
      const settleMs = this.decoder.hasPendingBytes ? this.config.quietPeriodMs + DRAIN_SETTLE_MS : DRAIN_SETTLE_MS;
      this.settleTimer = restart(this.settleTimer, settleMs, () => this.endAfterDrain());
    } else {
      clearTimeout(this.settleTimer);
      this.settleTimer = undefined;
    }
  }

  private readonly continueAfterOthers = (): void => {
    if (!this.waitingForDrain) this.resumeReading();
  };

  private resumeReading(): void {
    this.waitingForDrain = false;
    if (this.ending) return;
    const unprocessed = this.unprocessed;
    this.unprocessed = undefined;
    if (unprocessed !== undefined) {
      this.process(unprocessed);
      if (this.unprocessed !== undefined) return;
      if (this.clientEndedDuringBacklog) {
        this.clientFinishedSending();
        return;
      }
    }
    this.socket.resume();
    this.updateSilenceTimers();
  }

  private readonly answer = (outcome: MessageOutcome): void => {
    this.messages++;
    this.pendingReplies += formatReply(outcome, this.config) + '\n';
    if (this.previewing) this.logMessage(outcome);
  };

  private flushReplies(): void {
    if (this.pendingReplies === '') return;
    const replies = this.pendingReplies;
    this.pendingReplies = '';
    if (!this.socket.writable) return;
    this.bytesOut += Buffer.byteLength(replies);
    if (!this.socket.write(replies)) {
      this.waitingForDrain = true;
      this.socket.pause();
    }
  }

  private clearQuietTimer(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
  }

  private quietPeriodElapsed(): void {
    this.quietTimer = undefined;
    this.decoder.finish('quiet', this.answer);
    this.idleTimer?.refresh();
    this.flushReplies();
    this.updateSilenceTimers();
  }

  private clientFinishedSending(): void {
    // The stream reports the end once it has handed over every byte, possibly before this
    // connection has answered the bytes it put aside for backpressure.
    if (this.unprocessed !== undefined) {
      this.clientEndedDuringBacklog = true;
      return;
    }
    this.clearQuietTimer();
    if (!this.ending) {
      this.decoder.finish('half-close', this.answer);
      this.flushReplies();
    }
    this.end();
  }

  private idleTimeout(): void {
    if (this.ending) return;
    this.reason = 'idle timeout';
    this.logger.info('idle', `closing ${this.peer}: no complete message for ${this.config.idleTimeoutMs} ms`, { client: this.peer });
    this.pendingReplies += idleTimeoutReply(this.config.idleTimeoutMs) + '\n';
    this.flushReplies();
    this.end();
  }

  private endAfterDrain(): void {
    if (this.ending) return;
    this.reason = 'shutdown';
    if (this.decoder.hasPendingBytes) {
      this.logger.warn('drain', `${this.peer}: an unterminated message was still arriving at shutdown; it was not answered`, {
        client: this.peer,
      });
    }
    this.end();
  }

  /** Sends FIN after the queued replies; reading goes on (and is ignored) so the kernel never answers with RST. */
  private end(): void {
    if (this.ending) return;
    this.ending = true;
    this.clearQuietTimer();
    clearTimeout(this.idleTimer);
    clearTimeout(this.settleTimer);
    this.socket.resume();
    this.destroyTimer = setTimeout(() => this.socket.destroy(), END_TIMEOUT_MS);
    this.socket.once('finish', () => {
      clearTimeout(this.destroyTimer);
      this.destroyTimer = setTimeout(() => this.socket.destroy(), this.draining ? SHUTDOWN_LINGER_MS : CLOSE_LINGER_MS);
    });
    this.socket.end();
  }

  private failed(error: NodeJS.ErrnoException): void {
    this.reason = 'reset';
    this.logger.debug('socket-error', `${this.peer}: ${error.code ?? error.message}`, { client: this.peer, code: error.code });
  }

  private closed(): void {
    this.clearQuietTimer();
    clearTimeout(this.idleTimer);
    clearTimeout(this.settleTimer);
    clearTimeout(this.destroyTimer);
    this.onClosed(this, {
      peer: this.peer,
      messages: this.messages,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      durationMs: performance.now() - this.openedAt,
      reason: this.reason,
    });
  }

  /** At debug level every read is logged, so students see TCP split and merge their messages. */
  private logRead(chunk: Buffer): void {
    const preview = renderPreview(chunk.subarray(0, PREVIEW_BYTES), chunk.length);
    this.logger.debug('read', `${this.peer} read ${plural(chunk.length, 'byte')} "${preview}"`, { client: this.peer, bytes: chunk.length, preview });
  }

  private logMessage(outcome: MessageOutcome): void {
    const preview = renderPreview(outcome.preview, outcome.kind === 'too-long' ? Infinity : outcome.bytes);
    const fields = { client: this.peer, preview, bytes: outcome.kind === 'too-long' ? undefined : outcome.bytes };
    switch (outcome.kind) {
      case 'count':
        this.logger.info('message', `${this.peer} "${preview}" -> ${plural(outcome.chars, 'character')}`, { ...fields, chars: outcome.chars });
        return;
      case 'invalid-utf8':
        this.logger.info(
          'invalid-utf8',
          `${this.peer} "${preview}" -> invalid UTF-8 at byte ${outcome.error.offset}: ${describeUtf8Error(outcome.error)}`,
          { ...fields, offset: outcome.error.offset, reason: outcome.error.reason },
        );
        return;
      case 'too-long':
        this.logger.info('too-long', `${this.peer} "${preview}" -> longer than ${outcome.limit} bytes, discarded`, {
          ...fields,
          limit: outcome.limit,
        });
    }
  }
}

function restart(timer: NodeJS.Timeout | undefined, ms: number, onElapsed: () => void): NodeJS.Timeout {
  return timer === undefined ? setTimeout(onElapsed, ms) : timer.refresh();
}

/** Where the next slice of a read ends: after its MESSAGES_PER_SLICE-th newline, or at the end of the read. */
function sliceEnd(chunk: Buffer, start: number): number {
  let position = start;
  for (let messages = 0; messages < MESSAGES_PER_SLICE; messages++) {
    const newline = chunk.indexOf(0x0a, position);
    if (newline === -1) return chunk.length;
    position = newline + 1;
  }
  return position;
}
