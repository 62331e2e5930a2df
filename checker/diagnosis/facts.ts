/**
 * What a failing check knew when it failed, as data: the engine states the facts, the
 * diagnosis (diagnose.ts) explains them. The record of the stage (model.ts) adds what the
 * server and the program did, in order: replies with their times, exits, output lines.
 */
import type { Language } from '../../language';
import type { RecordEvent } from '../model';
import type { ReplyEnding } from '../probe/connection';

export type FailureFacts =
  /** A reply came, and the count in it was not the message's (or there was no single count). */
  | {
      kind: 'count';
      /** The message as sent, and the byte offsets where each write after the first began. */
      message: Uint8Array;
      writeStarts: number[];
      /** Code points: the count the reply had to hold. */
      expected: number;
      /** The reply's bytes (without its line ending) and how it ended. */
      reply: Uint8Array;
      ending: ReplyEnding;
      /** The count the checker read from the reply, or null when it found none, or more than one. */
      found: number | null;
      /** Messages other clients of the stage sent around the same time (concurrent-clients), for "another client's count". */
      otherMessages: Uint8Array[];
      /** Milliseconds from the first byte sent to the reply's first byte, and whether it came before the last byte was sent. */
      replyAfterMs: number;
      beforeLastByte: boolean;
    }
  /** A reply came, with the right count or none, and it is not the expected sentence (reply-text, or a protocol line). */
  | {
      kind: 'reply-text';
      message: Uint8Array;
      /** The expected reply's bytes, without a line ending. */
      expected: Uint8Array;
      reply: Uint8Array;
      ending: ReplyEnding;
      /** The protocol level wants a line ended by LF; the assignment takes any ending. */
      lineRequired: boolean;
    }
  /** No (complete) reply: the connection ended, was reset, or stayed silent. */
  /** `expected`: the reply line that was due, its line feed included. */
  | { kind: 'no-reply'; message: Uint8Array; ending: ReplyEnding; bytes: Uint8Array; waitedMs: number; expected: Uint8Array }
  /** The program exited where the stage needed the same process to go on. */
  | { kind: 'exited'; clientsServed: number }
  /** The program never listened: it exited first, or the start time ran out. */
  | { kind: 'never-listened'; timedOut: boolean }
  /** Anything else (the connection refused while running, a write failed, a stage time limit). */
  | { kind: 'other' };

export interface DiagnosisInput {
  language: Language;
  stageId: string;
  facts: FailureFacts;
  /** The stage's whole record, program output and exits included. */
  record: readonly RecordEvent[];
  /** The reply template reply-text demands ({n} for the count). */
  expectedReply: string;
  /** The program's last lines of output, oldest first, when it was started by the checker (empty otherwise). */
  lastOutput: readonly string[];
}
