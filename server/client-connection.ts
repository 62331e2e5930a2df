import type { Socket } from 'node:net';
import { MessageDecoder, PREVIEW_BYTES, formatReply, idleTimeoutReply, type MessageOutcome } from '../protocol';
import type { ServerConfig } from './config';
import { logMessage, logRead } from './connection-log';
import { ConnectionTimers, type Clock } from './connection-timers';
import type { Logger } from './logger';
import { describePeer } from './log-text';
import type { Seams } from './seams';

/** How many messages of one read are answered before the server checks whether the client keeps up. */
const MESSAGES_PER_SLICE = 1024;

type CloseReason = 'client closed' | 'idle timeout' | 'shutdown' | 'reset';

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
 *
 * The socket's events, in the order a connection lives them: 'data' (onData), 'drain'
 * (onDrain), 'end', the client's FIN (onEnd), 'error' (onError) and 'close' (onClose).
 */
export class ClientConnection {
  readonly peer: string;
  private readonly socket: Socket;
  private readonly decoder: MessageDecoder;
  private readonly timers: ConnectionTimers;
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
  private ending = false;
  private draining = false;

  constructor(
    accepted: Socket,
    seams: Seams,
    private readonly config: ServerConfig,
    private readonly logger: Logger,
    clock: Clock,
    private readonly onClosed: (connection: ClientConnection, summary: ConnectionSummary) => void,
  ) {
    this.peer = describePeer(accepted.remoteAddress, accepted.remotePort);
    this.previewing = logger.enabled('info');
    this.tracingReads = logger.enabled('debug');
    this.decoder = new MessageDecoder({
      maxMessageBytes: config.maxMessageBytes,
      detailedCounts: config.replyFormat === 'json',
      previewBytes: this.previewing ? PREVIEW_BYTES : 0,
      kernel: seams.utf8Kernel,
    });
    this.timers = new ConnectionTimers(config, clock, {
      onQuietPeriod: () => this.onQuietPeriod(),
      onIdleTimeout: () => this.onIdleTimeout(),
      onSettled: () => this.onSettled(),
      onLingerOver: () => this.socket.destroy(),
    });
    const socket = seams.chunkSource.read(accepted, (chunk, reused) => this.onData(chunk, reused));
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('drain', () => this.onDrain());
    socket.on('end', () => this.onEnd());
    socket.on('error', (error: NodeJS.ErrnoException) => this.onError(error));
    socket.on('close', () => this.onClose());
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

  /** Bytes arrived: whatever TCP delivered, part of a message or several. */
  private onData(chunk: Buffer, reused: boolean): void {
    this.bytesIn += chunk.length;
    if (this.tracingReads) logRead(this.logger, this.peer, chunk);
    if (this.ending) return;
    this.process(chunk, reused);
  }

  /**
   * Answers a read a slice of at most MESSAGES_PER_SLICE messages at a time. One read of
   * 64 KiB of empty lines would otherwise make 3 MiB of replies at once, and keep every other
   * connection waiting meanwhile. The rest of the read waits, as bytes, for the 'drain' event
   * when the client is not reading its replies, or for the next turn of the event loop.
   */
  private process(chunk: Buffer, reused: boolean): void {
    const answeredBefore = this.messages;
    let start = 0;
    while (start < chunk.length) {
      const end = sliceEnd(chunk, start);
      this.decoder.push(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end), this.answer);
      start = end;
      this.flushReplies();
      if (start < chunk.length) {
        // A reused chunk is overwritten by the next read, so its rest is copied, once: copying
        // the rest again after every slice made a 100 KB read of empty lines allocate 5 MB.
        const rest = chunk.subarray(start);
        this.unprocessed = reused ? Buffer.from(rest) : rest;
        if (!this.waitingForDrain) {
          this.socket.pause();
          setImmediate(this.continueAfterOthers);
        }
        break;
      }
    }
    if (this.messages !== answeredBefore) this.timers.messageCompleted();
    this.updateSilenceTimers();
  }

  private readonly answer = (outcome: MessageOutcome): void => {
    this.messages++;
    this.pendingReplies += formatReply(outcome, this.config) + '\n';
    if (this.previewing) logMessage(this.logger, this.peer, outcome);
  };

  /** All replies of a slice in one write; a full send buffer stops reading until 'drain'. */
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

  private readonly continueAfterOthers = (): void => {
    if (!this.waitingForDrain) this.onDrain();
  };

  /** The client has read enough of its replies (or other connections had their turn): answer the rest, then read on. */
  private onDrain(): void {
    this.waitingForDrain = false;
    if (this.ending) return;
    const unprocessed = this.unprocessed;
    this.unprocessed = undefined;
    if (unprocessed !== undefined) {
      // Already a copy where the chunk was reused: the connection owns it now.
      this.process(unprocessed, false);
      if (this.unprocessed !== undefined) return;
      if (this.clientEndedDuringBacklog) {
        this.onEnd();
        return;
      }
    }
    this.socket.resume();
    this.updateSilenceTimers();
  }

  private updateSilenceTimers(): void {
    this.timers.silence({ pendingBytes: this.decoder.hasPendingBytes, reading: !this.socket.isPaused(), draining: this.draining });
  }

  /** The client's FIN: it sends no more, so what it sent last is a whole message. */
  private onEnd(): void {
    // The stream reports the end once it has handed over every byte, possibly before this
    // connection has answered the bytes it put aside for backpressure.
    if (this.unprocessed !== undefined) {
      this.clientEndedDuringBacklog = true;
      return;
    }
    if (!this.ending) {
      this.decoder.finish('half-close', this.answer);
      this.flushReplies();
    }
    this.end();
  }

  private onQuietPeriod(): void {
    this.decoder.finish('quiet', this.answer);
    this.timers.messageCompleted();
    this.flushReplies();
    this.updateSilenceTimers();
  }

  private onIdleTimeout(): void {
    if (this.ending) return;
    this.reason = 'idle timeout';
    this.logger.info('idle', `closing ${this.peer}: no complete message for ${this.config.idleTimeoutMs} ms`, { client: this.peer });
    this.pendingReplies += idleTimeoutReply(this.config.idleTimeoutMs) + '\n';
    this.flushReplies();
    this.end();
  }

  /** Shutting down, and the client has gone quiet. */
  private onSettled(): void {
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
    this.timers.ended();
    this.socket.resume();
    this.socket.once('finish', () => this.timers.finished(this.draining));
    this.socket.end();
  }

  /** A reset, or a write to a client that has gone: 'close' follows. */
  private onError(error: NodeJS.ErrnoException): void {
    this.reason = 'reset';
    this.logger.debug('socket-error', `${this.peer}: ${error.code ?? error.message}`, { client: this.peer, code: error.code });
  }

  private onClose(): void {
    this.timers.cancelAll();
    this.onClosed(this, {
      peer: this.peer,
      messages: this.messages,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      durationMs: performance.now() - this.openedAt,
      reason: this.reason,
    });
  }
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
