/**
 * When the server under check answers a message: at once, or only at its end (the client's FIN,
 * or a quiet period of its own). Learned once per check, from the first message a client sends
 * without half-closing (reply-text's), and used by every later half-closed message.
 *
 * Why it matters: a message that ends with a half-close waits briefly for an immediate reply
 * before its FIN, because a server that answers and closes at once would otherwise take that
 * FIN on a socket it has closed and keep TIME_WAIT on its own port (a restart without
 * SO_REUSEADDR could not bind for a minute). A server that needed 2 × that wait to answer a
 * message with no FIN cannot answer before a FIN sent at once either, so for it the wait only
 * costs time (about 50 ms per client, a second per check): its FIN goes at once, and it
 * still gets the FIN before it answers, as it did after the wait.
 */

/** How long after the last byte a server's immediate reply spares the half-close: far below any quiet time a server uses. */
export const IMMEDIATE_REPLY_MS = 50;
/** A reply to a message with no FIN that took this long came from a server that waits for the end of the message. */
const ANSWERS_AT_END_MS = 2 * IMMEDIATE_REPLY_MS;

export class ReplyHabit {
  /** null until a message without FIN has been answered (or not) in this check. */
  private answersAtEnd: boolean | null = null;

  /**
   * The first reply read after a message the client did not half-close: `answered` says
   * whether any byte or close came before the time limit, `elapsedMs` how long it took.
   */
  noteReplyWithoutFin(answered: boolean, elapsedMs: number): void {
    if (this.answersAtEnd === false) return;
    this.answersAtEnd = !answered || elapsedMs >= ANSWERS_AT_END_MS;
  }

  /** A reply came within the wait before a half-close: this server answers at once, for the rest of the check. */
  noteAnsweredAtOnce(): void {
    this.answersAtEnd = false;
  }

  /** Whether a half-closed message may send its FIN at once, without the wait for an immediate reply. */
  get finAtOnce(): boolean {
    return this.answersAtEnd === true;
  }
}
