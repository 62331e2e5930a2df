/**
 * How the checker's probes talk to a server under test. One interface, two ends: a local
 * implementation over node:net, and a remote one that forwards every call to a probe agent
 * running inside a submission's network namespace. Stages see only these interfaces.
 */

/** How a reply read ended. */
export type ReplyEnding =
  /** A line feed (the reply bytes exclude it). */
  | 'lf'
  /** CR LF (the reply bytes exclude both). */
  | 'crlf'
  /** The server closed its side (FIN) after sending the bytes. */
  | 'close'
  /** No terminator, but no more bytes for the quiet time while the connection stayed open. */
  | 'quiet'
  /** Nothing complete within the time limit. */
  | 'timeout'
  /** The server reset the connection (RST). */
  | 'reset';

export interface ReplyRead {
  /** The reply without its terminator (possibly empty). */
  bytes: Uint8Array;
  ending: ReplyEnding;
  /** Milliseconds from the call to the end of the read. */
  elapsedMs: number;
  /**
   * The reply's bytes as they arrived, in order: each piece's length and when it came, in
   * milliseconds from the call (negative: before it). Absent from a probe agent older than this.
   */
  pieces?: ArrivedPiece[];
}

export interface ArrivedPiece {
  length: number;
  afterMs: number;
}

export interface ReadReplyOptions {
  /** Give up after this long without a complete reply (at least 2000 for the assignment). */
  timeoutMs: number;
  /** An unterminated reply is complete once no byte arrives for this long. */
  quietMs: number;
}

/** What became of the server's side of a connection. */
export type PeerState = 'open' | 'closed' | 'reset';

/** What came from the server while a client waited: bytes, its FIN, its reset, or nothing. */
export type Arrival = 'data' | 'closed' | 'reset' | 'nothing';

/** How long a polite close waits at each of its steps (see ProbeConnection.finish). */
export interface FinishTiming {
  /** How long to wait for the server's own FIN before the client sends its own. */
  finWaitMs: number;
  /** After the client's FIN, how long the server has to close its side before a reset ends it. */
  graceMs: number;
}

/** How a polite close ended the connection, for the trace. */
export type FinishOutcome =
  /** The server had closed (or reset) first: the client reset what was left, so no TIME_WAIT stays on the server's port. */
  | { how: 'server-closed-first'; peer: 'closed' | 'reset' }
  /** The client sent FIN and the server closed (or reset) its side within the grace time. */
  | { how: 'server-closed-after-fin'; peer: 'closed' | 'reset' }
  /** The server kept its side open past the grace time after the client's FIN: the client reset it. */
  | { how: 'reset-after-grace'; peer: 'open' }
  /** The connection was already gone (ended by the client before). */
  | { how: 'already-ended'; peer: PeerState };

export interface ProbeConnection {
  /** Writes bytes; resolves once the kernel has taken them. Rejects when the connection is gone. */
  write(bytes: Uint8Array): Promise<void>;
  /** Waits up to timeoutMs for the server to send a byte, close or reset; says which came first. Consumes nothing. */
  waitForData(timeoutMs: number): Promise<Arrival>;
  /** Half-closes: sends FIN, keeps reading. */
  end(): Promise<void>;
  /** Reads the next reply: up to LF, or to the server's close, or to a quiet time. */
  readReply(options: ReadReplyOptions): Promise<ReplyRead>;
  /** Waits up to timeoutMs for the server to close or reset; 'open' if it did neither. */
  waitForPeerClose(timeoutMs: number): Promise<PeerState>;
  /**
   * Ends the connection the way a polite client does, without ever resetting a connection the
   * server still reads: it waits up to finWaitMs for the server's own FIN; if it came, a reset
   * ends the connection (the server's program has closed its socket already, and its port keeps
   * no TIME_WAIT); if not, the client half-closes (FIN), so the server reads the end of the
   * stream and closes its side as the passive closer (no TIME_WAIT on its port either), and only
   * a connection still open after graceMs is reset. Waiting for the server's FIN first avoids a
   * simultaneous close, which would leave TIME_WAIT on both sides.
   */
  finish(timing: FinishTiming): Promise<FinishOutcome>;
  /**
   * Ends the connection with a reset (RST, SO_LINGER 0) at once: only for a checker that is
   * stopping (interrupted, or its probes being freed), never at the end of an exchange.
   */
  abort(): Promise<void>;
}

export type ConnectFailure = 'refused' | 'timeout' | 'reset' | 'unreachable';

export class ConnectError extends Error {
  constructor(
    readonly reason: ConnectFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface ProbeNetwork {
  /** Connects to the server under test once; rejects with ConnectError. */
  connect(host: string, port: number, timeoutMs: number): Promise<ProbeConnection>;
  /**
   * Whether a socket listens on this TCP port in the probes' network, found without
   * connecting (a one-client server would spend its only client on a connection).
   * Null when this platform gives no way to tell; callers then fall back to connecting.
   */
  isListening(port: number): Promise<boolean | null>;
  /**
   * Writes to several connections of this network in the same tick, each its bytes in one
   * write, so the messages reach the server within the same instant (concurrent-clients).
   * Optional: without it each connection's write() is called in the same tick.
   */
  writeTogether?(writes: ReadonlyArray<{ connection: ProbeConnection; bytes: Uint8Array }>): Promise<void>;
  /** Ends every connection still open (with a reset) and frees the transport. */
  close(): Promise<void>;
}
