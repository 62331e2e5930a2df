/**
 * Why a probe could not write to the server, or lost its probe agent: facts, not sentences.
 * The trace says them in the reader's language (checker/messages/probe-texts.ts); the
 * operating system's own words, when there are any, travel beside them and are quoted as such.
 * Both cross the probe agent's pipe with their facts (agent-protocol.ts errorToWire).
 */

/** How a write found the connection: reset by the server (RST), already closed, or refused by the operating system. */
export type ConnectionLostKind = 'reset' | 'closed' | 'write-failed';

export class ConnectionLost extends Error {
  constructor(
    readonly kind: ConnectionLostKind,
    /** The operating system's error as it gave it ("EPIPE: write EPIPE"), for 'write-failed'. */
    readonly osError: string | null = null,
  ) {
    super(osError === null ? `connection ${kind}` : `connection ${kind} (${osError})`);
    this.name = 'ConnectionLost';
  }
}

/** Why the probe agent no longer answers: its pipe ended or failed, it sent something that is no answer, or the checker closed it. */
export type AgentGoneKind = 'ended' | 'failed' | 'garbled' | 'closed';

/** The checker's probe agent is gone: every call after (and every call waiting) fails with this. */
export class ProbeAgentGone extends Error {
  constructor(
    readonly kind: AgentGoneKind,
    /** What the pipe or the agent said, quoted in the trace as the checker's own technical text. */
    readonly detail: string,
  ) {
    super(`the checker's probe agent is gone (${detail})`);
    this.name = 'ProbeAgentGone';
  }
}
