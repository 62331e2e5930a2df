/**
 * The checker's timing assumptions, in one place: lab-notes/checker.md states them, and a
 * student's server may rely on them.
 */
export interface ProbeTiming {
  /** How long a reply may take before it counts as missing (the assignment promises at least 2 s). */
  replyTimeoutMs: number;
  /** After a very long message, the server has this long to count and answer. */
  longReplyTimeoutMs: number;
  /** An unterminated reply from a server that keeps the connection open is complete after this much silence. */
  quietMs: number;
  /** The longest pause the checker makes between two writes of one message. */
  maxPauseInMessageMs: number;
  /** How long a started program may take to listen. */
  startTimeoutMs: number;
  /** When done with a connection, how long the checker waits for the server's own FIN before it sends its FIN. */
  finWaitMs: number;
  /** After the checker's FIN, how long the server has to close its side before the checker resets the connection. */
  closeGraceMs: number;
}

export const DEFAULT_TIMING: ProbeTiming = {
  replyTimeoutMs: 3000,
  longReplyTimeoutMs: 10_000,
  quietMs: 300,
  maxPauseInMessageMs: 50,
  startTimeoutMs: 10_000,
  finWaitMs: 30,
  closeGraceMs: 1000,
};
