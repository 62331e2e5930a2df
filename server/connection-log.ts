import { PREVIEW_BYTES, describeUtf8Error, renderPreview, type MessageOutcome } from '../protocol';
import type { Logger } from './logger';
import { plural } from './log-text';

/** At debug level every read is logged, so students see TCP split and merge their messages. */
export function logRead(logger: Logger, peer: string, chunk: Buffer): void {
  const preview = renderPreview(chunk.subarray(0, PREVIEW_BYTES), chunk.length);
  logger.debug('read', `${peer} read ${plural(chunk.length, 'byte')} "${preview}"`, { client: peer, bytes: chunk.length, preview });
}

/** One escaped line per message: what the classic program's print() of the request shows, made safe. */
export function logMessage(logger: Logger, peer: string, outcome: MessageOutcome): void {
  const preview = renderPreview(outcome.preview, outcome.kind === 'too-long' ? Infinity : outcome.bytes);
  const fields = { client: peer, preview, bytes: outcome.kind === 'too-long' ? undefined : outcome.bytes };
  switch (outcome.kind) {
    case 'count':
      logger.info('message', `${peer} "${preview}" -> ${plural(outcome.chars, 'character')}`, { ...fields, chars: outcome.chars });
      return;
    case 'invalid-utf8':
      logger.info('invalid-utf8', `${peer} "${preview}" -> invalid UTF-8 at byte ${outcome.error.offset}: ${describeUtf8Error(outcome.error)}`, {
        ...fields,
        offset: outcome.error.offset,
        reason: outcome.error.reason,
      });
      return;
    case 'too-long':
      logger.info('too-long', `${peer} "${preview}" -> longer than ${outcome.limit} bytes, discarded`, { ...fields, limit: outcome.limit });
  }
}
