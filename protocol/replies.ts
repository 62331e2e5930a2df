import type { MessageOutcome } from './message-decoder';
import { describeUtf8Error } from './utf8-error';

export const REPLY_LANGUAGES = ['id', 'en'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

export const REPLY_FORMATS = ['text', 'json'] as const;
export type ReplyFormat = (typeof REPLY_FORMATS)[number];

export interface ReplyStyle {
  language: ReplyLanguage;
  replyFormat: ReplyFormat;
}

const COUNT_SENTENCES: Record<ReplyLanguage, string> = {
  id: 'Jumlah karakter dalam kalimat tersebut adalah ',
  en: 'The number of characters in that sentence is ',
};

/** Every reply line starts with this when the message could not be counted or a limit was hit. */
export const ERROR_PREFIX = 'ERROR ';

/** The reply line for one message, without its LF. */
export function formatReply(outcome: MessageOutcome, style: ReplyStyle): string {
  switch (outcome.kind) {
    case 'count':
      if (style.replyFormat === 'json') {
        return JSON.stringify({
          chars: outcome.chars,
          bytes: outcome.bytes,
          utf16Units: outcome.utf16Units,
          graphemes: outcome.graphemes,
        });
      }
      return COUNT_SENTENCES[style.language] + outcome.chars;
    case 'invalid-utf8':
      return `${ERROR_PREFIX}invalid UTF-8 at byte ${outcome.error.offset}: ${describeUtf8Error(outcome.error)}; the message was not counted`;
    case 'too-long':
      return tooLongReply(outcome.limit);
  }
}

function tooLongReply(limit: number): string {
  return `${ERROR_PREFIX}message longer than ${limit} bytes; the rest of it up to the next newline is discarded`;
}

/**
 * The idle timer restarts only when a message is complete (a newline, or a classic message's
 * quiet period): bytes of a line that never ends do not keep a connection (slowloris). So the
 * line names complete messages, not data, which may well have been arriving.
 */
export function idleTimeoutReply(timeoutMs: number): string {
  return `${ERROR_PREFIX}no complete message for ${formatSeconds(timeoutMs)}; closing the connection (end a message sooner to stay connected)`;
}

export function serverFullReply(maxConnections: number): string {
  return `${ERROR_PREFIX}server full: ${maxConnections} connections already open; closing this one, try again later`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

type ParsedReply =
  | { kind: 'count'; chars: number }
  | { kind: 'error'; text: string }
  | { kind: 'unrecognized'; text: string };

/** Reads a reply line in any language or format this protocol allows. */
export function parseReply(line: string): ParsedReply {
  if (line.startsWith(ERROR_PREFIX)) return { kind: 'error', text: line };
  if (line.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(line);
      const chars = (parsed as { chars?: unknown }).chars;
      if (typeof chars === 'number' && Number.isSafeInteger(chars)) return { kind: 'count', chars };
    } catch {
      return { kind: 'unrecognized', text: line };
    }
    return { kind: 'unrecognized', text: line };
  }
  const trailingCount = /(\d+)$/.exec(line);
  return trailingCount ? { kind: 'count', chars: Number(trailingCount[1]) } : { kind: 'unrecognized', text: line };
}

/** Whether a reply line is what the protocol promises for this outcome, whatever the server's language or format. */
export function replyMatches(expected: MessageOutcome, reply: string): boolean {
  if (expected.kind !== 'count') return reply === formatReply(expected, { language: 'en', replyFormat: 'text' });
  const parsed = parseReply(reply);
  return parsed.kind === 'count' && parsed.chars === expected.chars;
}
