/** The StageFailure a probe throws when a reply is missing, incomplete or wrong: what the trace says, and the facts for diagnose(). */
import { renderPreview } from '../../protocol';
import type { ReplyRead } from '../probe/connection';
import type { FailureFacts } from '../diagnosis/facts';
import { StageFailure } from './stage';
import type { StageContext } from './stage-context';
import { tracePreview } from './trace-preview';

/** What a probe had sent when the reply it read let a check down. */
export interface ReplyExpectation {
  context: StageContext;
  /** Everything the client sent, for the trace. */
  sent: Uint8Array;
  /** The last message, the one the reply answers. */
  message: Uint8Array;
  describeExpected: string;
  expected: Uint8Array;
}

/**
 * No reply, or no complete one: `what` the reply had to be besides `describeExpected` (a line),
 * or null. `timeoutMs` is the wait the check asked for (the stage's reply timeout by default).
 */
export function missingReplyFailure(
  { context, sent, message, describeExpected, expected }: ReplyExpectation,
  read: ReplyRead,
  timeoutMs: number | undefined,
  what: string | null,
): StageFailure {
  const say = context.trace;
  // A busy machine's time may have been added to the limit (starved-time.ts): the trace says how long it really waited.
  const waited = Math.max(timeoutMs ?? context.timing.replyTimeoutMs, read.elapsedMs);
  const got =
    read.ending === 'timeout'
      ? read.bytes.length > 0
        ? say.gotNoEnd({ preview: tracePreview(read.bytes), timeoutMs: waited })
        : say.gotNothing({ timeoutMs: waited })
      : read.ending === 'reset'
        ? say.gotReset({ preview: read.bytes.length > 0 ? tracePreview(read.bytes) : null })
        : read.bytes.length > 0
          ? say.gotClosedAfter({ preview: tracePreview(read.bytes) })
          : say.gotClosedNoReply();
  const failure = new StageFailure(what === null ? describeExpected : say.asWhat({ expected: describeExpected, what }), got, { sent, expected, received: read.bytes }, context.outputNotes());
  failure.endedWithoutReply = read.bytes.length === 0 && (read.ending === 'close' || read.ending === 'reset');
  return failure.withFacts({ kind: 'no-reply', message, ending: read.ending, bytes: read.bytes, waitedMs: Math.round(read.elapsedMs), expected });
}

/** A complete reply that is not the one expected. */
export function wrongReplyFailure({ context, sent, describeExpected, expected }: ReplyExpectation, read: ReplyRead, facts: FailureFacts): StageFailure {
  return new StageFailure(describeExpected, `"${renderPreview(read.bytes, read.bytes.length, 200)}"`, { sent, expected, received: read.bytes }, context.outputNotes()).withFacts(facts);
}
