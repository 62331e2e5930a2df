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
}

export interface ReadReplyOptions {
  /** Give up after this long without a complete reply (at least 2000 for the assignment). */
  timeoutMs: number;
  /** An unterminated reply is complete once no byte arrives for this long. */
  quietMs: number;
}

/** What became of the server's side of a connection. */
export type PeerState = 'open' | 'closed' | 'reset';

export interface ProbeConnection {
  /** Writes bytes; resolves once the kernel has taken them. Rejects when the connection is gone. */
  write(bytes: Uint8Array): Promise<void>;
  /** Waits up to timeoutMs for the server to send a byte or close; true when it did. Consumes nothing. */
  waitForData(timeoutMs: number): Promise<boolean>;
  /** Half-closes: sends FIN, keeps reading. */
  end(): Promise<void>;
  /** Reads the next reply: up to LF, or to the server's close, or to a quiet time. */
  readReply(options: ReadReplyOptions): Promise<ReplyRead>;
  /** Waits up to timeoutMs for the server to close or reset; 'open' if it did neither. */
  waitForPeerClose(timeoutMs: number): Promise<PeerState>;
  /**
   * Ends the connection with a reset (RST, SO_LINGER 0), so the server's side leaves no
   * TIME_WAIT on its port: a restarted server without SO_REUSEADDR can bind again at once.
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
  /** Ends every connection still open (with a reset) and frees the transport. */
  close(): Promise<void>;
}
