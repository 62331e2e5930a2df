import { describe, expect, it } from 'vitest';
import {
  ERROR_PREFIX,
  REPLY_FORMATS,
  REPLY_LANGUAGES,
  formatReply,
  idleTimeoutReply,
  parseReply,
  replyMatches,
  serverFullReply,
  type MessageOutcome,
  type ReplyStyle,
} from '../../protocol';

const ALL_STYLES: ReplyStyle[] = REPLY_LANGUAGES.flatMap((language) =>
  REPLY_FORMATS.map((replyFormat) => ({ language, replyFormat })),
);

const counted = (chars: number, extra: Partial<Extract<MessageOutcome, { kind: 'count' }>> = {}): MessageOutcome => ({
  kind: 'count',
  chars,
  bytes: chars,
  preview: Buffer.alloc(0),
  ...extra,
});

const invalid: MessageOutcome = {
  kind: 'invalid-utf8',
  bytes: 7,
  preview: Buffer.from('abc\xffdef', 'latin1'),
  error: { offset: 3, reason: 'invalid-byte', lead: 0xff, culprit: -1, culpritOffset: 3, sequenceLength: 1 },
};

const tooLong: MessageOutcome = { kind: 'too-long', limit: 1024, preview: Buffer.from('aaaa') };

describe('count replies', () => {
  it('answers in Indonesian with exactly the sentence from the assignment', () => {
    expect(formatReply(counted(10), { language: 'id', replyFormat: 'text' })).toBe(
      'Jumlah karakter dalam kalimat tersebut adalah 10',
    );
  });

  it('answers in English with a sentence that ends with the count', () => {
    const reply = formatReply(counted(10), { language: 'en', replyFormat: 'text' });
    expect(reply).toBe('The number of characters in that sentence is 10');
    expect(reply).toMatch(/ 10$/);
  });

  it('answers zero for an empty message', () => {
    expect(formatReply(counted(0), { language: 'id', replyFormat: 'text' })).toBe(
      'Jumlah karakter dalam kalimat tersebut adalah 0',
    );
  });

  it('answers in JSON with chars, bytes, utf16Units and graphemes on one line', () => {
    const outcome = counted(5, { bytes: 11, utf16Units: 6, graphemes: 3 });
    for (const language of REPLY_LANGUAGES) {
      const reply = formatReply(outcome, { language, replyFormat: 'json' });
      expect(reply).not.toContain('\n');
      expect(JSON.parse(reply)).toEqual({ chars: 5, bytes: 11, utf16Units: 6, graphemes: 3 });
    }
  });

  it('JSON reply matches the example from the protocol page', () => {
    const outcome = counted(10, { bytes: 10, utf16Units: 10, graphemes: 10 });
    expect(formatReply(outcome, { language: 'id', replyFormat: 'json' })).toBe(
      '{"chars":10,"bytes":10,"utf16Units":10,"graphemes":10}',
    );
  });

  it('no reply line contains a newline or carriage return', () => {
    for (const style of ALL_STYLES) {
      for (const outcome of [counted(3, { utf16Units: 3, graphemes: 3 }), invalid, tooLong]) {
        expect(formatReply(outcome, style)).not.toMatch(/[\r\n]/);
      }
    }
  });
});

describe('error replies', () => {
  it('reports invalid UTF-8 with the byte offset, the reason, and that it was not counted', () => {
    expect(formatReply(invalid, { language: 'id', replyFormat: 'text' })).toBe(
      'ERROR invalid UTF-8 at byte 3: byte 0xFF never appears in UTF-8; the message was not counted',
    );
  });

  it('error lines are the same English text in every language and format', () => {
    for (const outcome of [invalid, tooLong]) {
      const lines = new Set(ALL_STYLES.map((style) => formatReply(outcome, style)));
      expect(lines.size).toBe(1);
      const [line] = [...lines];
      expect(line.startsWith(ERROR_PREFIX)).toBe(true);
    }
  });

  it('reports an oversized message with the limit and that the rest of the line is discarded', () => {
    expect(formatReply(tooLong, { language: 'en', replyFormat: 'json' })).toBe(
      'ERROR message longer than 1024 bytes; the rest of it up to the next newline is discarded',
    );
    expect(formatReply({ ...tooLong, limit: 16 * 1024 * 1024 }, { language: 'id', replyFormat: 'text' })).toBe(
      'ERROR message longer than 16777216 bytes; the rest of it up to the next newline is discarded',
    );
  });

  it('reports an idle timeout in whole or fractional seconds', () => {
    expect(idleTimeoutReply(300_000)).toBe(
      'ERROR no complete message for 300 s; closing the connection (end a message sooner to stay connected)',
    );
    expect(idleTimeoutReply(1500)).toBe(
      'ERROR no complete message for 1.5 s; closing the connection (end a message sooner to stay connected)',
    );
  });

  it('reports a full server with the connection limit', () => {
    expect(serverFullReply(1000)).toBe(
      'ERROR server full: 1000 connections already open; closing this one, try again later',
    );
  });
});

describe('reading replies back (parseReply / replyMatches)', () => {
  it('reads the count back from every language and format', () => {
    for (const chars of [0, 1, 10, 1234567]) {
      const outcome = counted(chars, { utf16Units: chars, graphemes: chars });
      for (const style of ALL_STYLES) {
        const reply = formatReply(outcome, style);
        expect(parseReply(reply), `${style.language}/${style.replyFormat}`).toEqual({ kind: 'count', chars });
        expect(replyMatches(outcome, reply)).toBe(true);
      }
    }
  });

  it('reads the count back from a JSON reply without the detailed fields', () => {
    const outcome = counted(4);
    const reply = formatReply(outcome, { language: 'en', replyFormat: 'json' });
    expect(parseReply(reply)).toEqual({ kind: 'count', chars: 4 });
    expect(replyMatches(outcome, reply)).toBe(true);
  });

  it('recognises error replies in every style and matches them exactly', () => {
    for (const outcome of [invalid, tooLong]) {
      for (const style of ALL_STYLES) {
        const reply = formatReply(outcome, style);
        expect(parseReply(reply)).toEqual({ kind: 'error', text: reply });
        expect(replyMatches(outcome, reply)).toBe(true);
      }
    }
  });

  it('a reply with a different count does not match', () => {
    for (const style of ALL_STYLES) {
      const reply = formatReply(counted(11, { utf16Units: 11, graphemes: 11 }), style);
      expect(replyMatches(counted(10), reply)).toBe(false);
    }
  });

  it('an error reply does not match a counted message, and a count does not match an error', () => {
    expect(replyMatches(counted(3), formatReply(invalid, { language: 'id', replyFormat: 'text' }))).toBe(false);
    expect(replyMatches(invalid, 'Jumlah karakter dalam kalimat tersebut adalah 3')).toBe(false);
    expect(replyMatches(invalid, formatReply(tooLong, { language: 'en', replyFormat: 'text' }))).toBe(false);
  });

  it('an invalid-UTF-8 reply with a different offset does not match', () => {
    const other: MessageOutcome = { ...invalid, error: { ...invalid.error, offset: 4 } } as MessageOutcome;
    expect(replyMatches(other, formatReply(invalid, { language: 'en', replyFormat: 'text' }))).toBe(false);
  });

  it('lines that carry no count are unrecognized', () => {
    for (const line of ['', 'hello', '{not json', '{"chars":"10"}', '{"chars":1.5}', '{"bytes":3}', 'null', '[1]']) {
      expect(parseReply(line).kind, JSON.stringify(line)).toBe('unrecognized');
    }
  });
});
