/**
 * The probes' own end of a TCP connection, over node:net: what the checker uses directly for
 * command and host targets, and what the probe agent uses inside a submission's network
 * namespace. Every byte the server sends is kept until a read takes it.
 */
import { connect, type Socket } from 'node:net';
import { listeningSockets } from '../../host-os';
import { ConnectionLost } from './connection-lost';
import { watchStarvedTime } from './starved-time';
import {
  ConnectError,
  type Arrival,
  type ArrivedPiece,
  type FinishOutcome,
  type FinishTiming,
  type PeerState,
  type ProbeConnection,
  type ProbeNetwork,
  type ReadReplyOptions,
  type ReplyEnding,
  type ReplyRead,
} from './connection';

export function createLocalNetwork(): Required<ProbeNetwork> {
  const open = new Set<LocalConnection>();
  return {
    async connect(host, port, timeoutMs) {
      const connection = new LocalConnection(await connectOnce(host, port, timeoutMs));
      open.add(connection);
      connection.onGone = () => open.delete(connection);
      return connection;
    },
    isListening: async (port) => {
      const addresses = await listeningSockets(port);
      return addresses === null ? null : addresses.length > 0;
    },
    // write() hands its bytes to the socket before its first await: every write below starts in this tick.
    writeTogether: async (writes) => {
      await Promise.all(writes.map(({ connection, bytes }) => connection.write(bytes)));
    },
    async close() {
      await Promise.all([...open].map((connection) => connection.abort()));
    },
  };
}

function connectOnce(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // allowHalfOpen: a server's FIN must not make Node close our side with a FIN of its own;
    // the checker ends every connection itself (see finish).
    const socket = connect({ host, port, noDelay: true, allowHalfOpen: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConnectError('timeout', `no answer to the connection request within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new ConnectError(connectFailure(error.code), `${error.code ?? 'error'}: ${error.message}`));
    });
  });
}

function connectFailure(code: string | undefined): ConnectError['reason'] {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET') return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'unreachable';
}

const LF = 0x0a;
/** A reply wait grows by the time the machine was short of CPU, up to this many times its length (so at most doubles: a server that never answers costs a busy machine twice the wait, not more). */
const STARVED_CREDIT = 1;
const ABORT_WAIT_MS = 1000;
/** A server that floods a probe is held back by TCP (the socket pauses) instead of filling the checker's memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const CR = 0x0d;

class LocalConnection implements ProbeConnection {
  onGone: () => void = () => {};
  private received: Buffer = Buffer.alloc(0);
  /** Where each piece the server sent ends in `received`, and when it came (performance.now()). */
  private arrivals: Array<{ end: number; at: number }> = [];
  private peer: PeerState = 'open';
  /** Wakes whoever waits for the next byte or the end of the connection. */
  private wake: () => void = () => {};

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    this.arrivals.push({ end: this.received.length, at: performance.now() });
    if (this.received.length > MAX_BUFFERED_BYTES) this.socket.pause();
    this.wake();
  };

  /** The server's FIN. */
  private readonly onEnd = (): void => {
    if (this.peer === 'open') this.peer = 'closed';
    this.wake();
  };

  private readonly onError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE') this.peer = 'reset';
    else if (this.peer === 'open') this.peer = 'closed';
    this.wake();
  };

  private readonly onClose = (): void => {
    if (this.peer === 'open') this.peer = 'closed';
    this.onGone();
    this.wake();
  };

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed || !this.socket.writable) {
        reject(new ConnectionLost(this.peer === 'reset' ? 'reset' : 'closed'));
        return;
      }
      this.socket.write(bytes, (error?: NodeJS.ErrnoException | null) => {
        if (!error) resolve();
        else reject(new ConnectionLost(error.code === 'ECONNRESET' ? 'reset' : 'write-failed', error.code === undefined ? error.message : `${error.code}: ${error.message}`));
      });
    });
  }

  async waitForData(timeoutMs: number): Promise<Arrival> {
    if (this.received.length === 0 && this.peer === 'open') await this.waitForChange(timeoutMs);
    if (this.received.length > 0) return 'data';
    return this.peer === 'open' ? 'nothing' : this.peer;
  }

  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed || !this.socket.writable) resolve();
      else this.socket.end(resolve);
    });
  }

  async readReply({ timeoutMs, quietMs }: ReadReplyOptions): Promise<ReplyRead> {
    const started = performance.now();
    // The wait is the server's time: the time the machine was short of CPU is added back, up to
    // STARVED_CREDIT times the wait (starved-time.ts).
    const starved = watchStarvedTime();
    const remaining = (): number => started + timeoutMs + Math.min(starved.ms(), STARVED_CREDIT * timeoutMs) - performance.now();
    for (;;) {
      const lf = this.received.indexOf(LF);
      if (lf !== -1) {
        const crlf = lf > 0 && this.received[lf - 1] === CR;
        return this.take(crlf ? lf - 1 : lf, lf + 1, crlf ? 'crlf' : 'lf', started);
      }
      if (this.peer !== 'open') {
        const ending: ReplyEnding = this.peer === 'reset' ? 'reset' : 'close';
        return this.take(this.received.length, this.received.length, ending, started);
      }
      const left = remaining();
      if (left <= 0) return this.take(this.received.length, this.received.length, 'timeout', started);
      const hadBytes = this.received.length;
      const waitMs = hadBytes > 0 ? Math.min(quietMs, left) : left;
      const woken = await this.waitForChange(waitMs);
      if (!woken && hadBytes > 0 && this.received.length === hadBytes && remaining() > 0) {
        return this.take(hadBytes, hadBytes, 'quiet', started);
      }
    }
  }

  async waitForPeerClose(timeoutMs: number): Promise<PeerState> {
    const deadline = performance.now() + timeoutMs;
    while (this.peer === 'open') {
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      await this.waitForChange(remaining);
    }
    return this.peer;
  }

  async finish({ finWaitMs, graceMs }: FinishTiming): Promise<FinishOutcome> {
    if (this.socket.destroyed) return { how: 'already-ended', peer: this.peer };
    // What the server sent and nobody read is of no use now; a paused socket would never see the FIN.
    this.received = Buffer.alloc(0);
    this.arrivals = [];
    if (this.socket.isPaused()) this.socket.resume();
    const first = await this.waitForPeerClose(finWaitMs);
    if (first !== 'open') {
      await this.abort();
      return { how: 'server-closed-first', peer: first };
    }
    await this.end();
    const after = await this.waitForPeerClose(graceMs);
    if (after === 'open') {
      await this.abort();
      return { how: 'reset-after-grace', peer: 'open' };
    }
    // Both FINs are through: the client's side keeps the TIME_WAIT, on its own ephemeral port.
    await this.destroyed();
    return { how: 'server-closed-after-fin', peer: after };
  }

  abort(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return this.destroyed(() => this.socket.resetAndDestroy());
  }

  /** Destroys the socket (with `how`, or plainly) and resolves once it has closed. */
  private destroyed(how: () => void = () => this.socket.destroy()): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      // A socket the kernel has already torn down may never report 'close'; do not wait on it forever.
      const timer = setTimeout(done, ABORT_WAIT_MS);
      this.socket.once('close', done);
      how();
    });
  }

  /** Resolves true when a byte or the end arrives, false after waitMs. */
  private waitForChange(waitMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = () => {};
        resolve(false);
      }, Math.max(0, waitMs));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = () => {};
        resolve(true);
      };
    });
  }

  private take(replyEnd: number, consumed: number, ending: ReplyEnding, started: number): ReplyRead {
    const bytes = Uint8Array.from(this.received.subarray(0, replyEnd));
    this.received = this.received.subarray(consumed);
    if (this.socket.isPaused() && this.received.length <= MAX_BUFFERED_BYTES) this.socket.resume();
    return { bytes, ending, elapsedMs: performance.now() - started, pieces: this.takeArrivals(replyEnd, consumed, started) };
  }

  /** The pieces the first `replyEnd` bytes came in; what `consumed` takes is forgotten, the rest moves to the front. */
  private takeArrivals(replyEnd: number, consumed: number, started: number): ArrivedPiece[] {
    const pieces: ArrivedPiece[] = [];
    let from = 0;
    for (const { end, at } of this.arrivals) {
      const to = Math.min(end, replyEnd);
      if (to > from) pieces.push({ length: to - from, afterMs: at - started });
      from = end;
      if (end >= replyEnd) break;
    }
    this.arrivals = this.arrivals.filter(({ end }) => end > consumed).map(({ end, at }) => ({ end: end - consumed, at }));
    return pieces;
  }
}
