import { MessageDecoder, PREVIEW_BYTES, type MessageOutcome } from '../protocol';
import type { SendMode } from './script';

/**
 * What the server must answer for these bytes, found by running them through the same
 * protocol core the server uses: one outcome per message the server will see.
 */
export function expectedOutcomes(bytes: Uint8Array, mode: SendMode, maxMessageBytes: number): MessageOutcome[] {
  const outcomes: MessageOutcome[] = [];
  const decoder = new MessageDecoder({ maxMessageBytes, previewBytes: PREVIEW_BYTES });
  const collect = (outcome: MessageOutcome): void => {
    outcomes.push(outcome);
  };
  decoder.push(bytes, collect);
  if (mode === 'line') decoder.push(NEWLINE, collect);
  else decoder.finish('quiet', collect);
  return outcomes;
}

const NEWLINE = Buffer.from('\n');

/** The bytes a client writes for one message in this mode. */
export function wireBytes(bytes: Uint8Array, mode: SendMode): Buffer {
  return mode === 'line' ? Buffer.concat([bytes, NEWLINE]) : Buffer.from(bytes);
}

/** Short form of an expected outcome for a transcript column: "10", "ERROR@3", "ERROR too long". */
export function describeExpectation(outcome: MessageOutcome): string {
  switch (outcome.kind) {
    case 'count':
      return String(outcome.chars);
    case 'invalid-utf8':
      return `ERROR@${outcome.error.offset}`;
    case 'too-long':
      return 'ERROR too long';
  }
}
