/**
 * An independent, obviously-correct model of the charcount protocol (lab-notes/protocol.md),
 * used as the oracle of the hardening suite. It deliberately imports nothing from protocol/:
 * it works on a whole byte stream at once, with no streaming state, no fast paths and no
 * chunk boundaries, so that it can be checked by eye against the lab notes and the Unicode
 * Standard.
 *
 * Its UTF-8 decoder is NOT the tests' shared oracle (tests/support/utf8-oracle.ts), on purpose.
 * It was written from the lab notes and Table 3-7 without reading the server's code, and it
 * words its replies itself, so a bug shared with protocol/ or with the unit tests' oracle (a
 * wrong range, a wrong offset, a reply that drifted from the notes) cannot hide from the
 * hardening suite. model.test.ts checks that the two oracles agree.
 *
 *   1. Cut the stream into messages: at every LF, at every pause of at least the quiet
 *      period (quiet mode only) and at the half-close. A CR right before an LF is dropped.
 *   2. A message longer than the limit gets the "too long" ERROR.
 *   3. Otherwise it is decoded with the table-driven UTF-8 decoder below: the count, or the
 *      ERROR naming the first byte that cannot be decoded.
 */

// ---------------------------------------------------------------------------------------------
// UTF-8, straight from the Unicode Standard, Table 3-7 "Well-Formed UTF-8 Byte Sequences".

interface Row {
  /** Lead bytes of this row. */
  lead: [number, number];
  length: 1 | 2 | 3 | 4;
  /** Allowed second byte (the only byte whose range differs between rows). */
  second: [number, number];
}

const TABLE_3_7: readonly Row[] = [
  { lead: [0x00, 0x7f], length: 1, second: [0, 0] }, //      U+0000..U+007F
  { lead: [0xc2, 0xdf], length: 2, second: [0x80, 0xbf] }, // U+0080..U+07FF
  { lead: [0xe0, 0xe0], length: 3, second: [0xa0, 0xbf] }, // U+0800..U+0FFF
  { lead: [0xe1, 0xec], length: 3, second: [0x80, 0xbf] }, // U+1000..U+CFFF
  { lead: [0xed, 0xed], length: 3, second: [0x80, 0x9f] }, // U+D000..U+D7FF
  { lead: [0xee, 0xef], length: 3, second: [0x80, 0xbf] }, // U+E000..U+FFFF
  { lead: [0xf0, 0xf0], length: 4, second: [0x90, 0xbf] }, // U+10000..U+3FFFF
  { lead: [0xf1, 0xf3], length: 4, second: [0x80, 0xbf] }, // U+40000..U+FFFFF
  { lead: [0xf4, 0xf4], length: 4, second: [0x80, 0x8f] }, // U+100000..U+10FFFF
];

const rowOf = (lead: number): Row | undefined => TABLE_3_7.find((row) => lead >= row.lead[0] && lead <= row.lead[1]);
const isContinuation = (byte: number): boolean => byte >= 0x80 && byte <= 0xbf;
const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** The invalid classes of the lab notes' table, plus the sequence cut short by the message end. */
export type InvalidClass =
  | 'unexpected-continuation'
  | 'overlong'
  | 'surrogate'
  | 'above-max'
  | 'invalid-byte'
  | 'missing-continuation'
  | 'truncated';

export const INVALID_CLASSES: readonly InvalidClass[] = [
  'unexpected-continuation',
  'overlong',
  'surrogate',
  'above-max',
  'invalid-byte',
  'missing-continuation',
  'truncated',
];

export type Decoded =
  | { ok: true; codePoints: number[] }
  | { ok: false; offset: number; invalid: InvalidClass; what: string };

/** Decodes one whole message. On failure: the offset where the bad sequence starts (Python's UnicodeDecodeError.start). */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  const codePoints: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const row = rowOf(lead);
    if (row === undefined) return { ok: false, offset: i, ...badLead(lead) };
    if (row.length === 1) {
      codePoints.push(lead);
      i += 1;
      continue;
    }
    let codePoint = lead & (0xff >> (row.length + 1));
    for (let k = 1; k < row.length; k++) {
      if (i + k >= bytes.length) {
        return {
          ok: false,
          offset: i,
          invalid: 'truncated',
          what: `the message ends inside a ${row.length}-byte sequence that starts with ${hex(lead)}`,
        };
      }
      const next = bytes[i + k];
      const [low, high] = k === 1 ? row.second : [0x80, 0xbf];
      if (next < low || next > high) return { ok: false, offset: i, ...badFollower(lead, row.length, next) };
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    codePoints.push(codePoint);
    i += row.length;
  }
  return { ok: true, codePoints };
}

/** A byte that starts no row of Table 3-7. */
function badLead(byte: number): { invalid: InvalidClass; what: string } {
  if (isContinuation(byte)) return { invalid: 'unexpected-continuation', what: `unexpected continuation byte ${hex(byte)} (no lead byte before it)` };
  if (byte === 0xc0 || byte === 0xc1) {
    return { invalid: 'overlong', what: `overlong encoding: lead byte ${hex(byte)} can only encode characters that have a shorter form` };
  }
  if (byte >= 0xf5 && byte <= 0xf7) return { invalid: 'above-max', what: `lead byte ${hex(byte)} would encode a code point above U+10FFFF` };
  return { invalid: 'invalid-byte', what: `byte ${hex(byte)} never appears in UTF-8` }; // F8..FF
}

/** A lead byte followed by a byte its row does not allow. Only the second byte's range depends on the lead. */
function badFollower(lead: number, length: number, next: number): { invalid: InvalidClass; what: string } {
  if (!isContinuation(next)) {
    return {
      invalid: 'missing-continuation',
      what: `lead byte ${hex(lead)} starts a ${length}-byte sequence but is followed by ${hex(next)}, not a continuation byte`,
    };
  }
  // A continuation byte outside the second-byte range of E0, ED, F0 or F4.
  if (lead === 0xe0 || lead === 0xf0) return { invalid: 'overlong', what: `overlong encoding: ${hex(lead)} ${hex(next)} encodes a character that has a shorter form` };
  if (lead === 0xed) {
    return { invalid: 'surrogate', what: `${hex(lead)} ${hex(next)} encodes a UTF-16 surrogate (U+D800..U+DFFF), which UTF-8 does not allow` };
  }
  return { invalid: 'above-max', what: `${hex(lead)} ${hex(next)} encodes a code point above U+10FFFF` }; // F4 90..BF
}

// ---------------------------------------------------------------------------------------------
// Messages and replies

export interface ModelOptions {
  /** MAX_MESSAGE_BYTES; 0 = no limit. */
  maxMessageBytes: number;
  language?: 'id' | 'en';
  format?: 'text' | 'json';
}

export type Outcome =
  | { kind: 'count'; chars: number; bytes: number; utf16Units: number; graphemes: number }
  | { kind: 'invalid'; offset: number; invalid: InvalidClass; what: string }
  | { kind: 'too-long' };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** What the protocol says about one message (its bytes, terminator already removed). */
export function outcomeOf(message: Uint8Array, options: ModelOptions): Outcome {
  if (options.maxMessageBytes > 0 && message.length > options.maxMessageBytes) return { kind: 'too-long' };
  const decoded = decodeUtf8(message);
  if (!decoded.ok) return { kind: 'invalid', offset: decoded.offset, invalid: decoded.invalid, what: decoded.what };
  let text = '';
  for (const codePoint of decoded.codePoints) text += String.fromCodePoint(codePoint);
  return {
    kind: 'count',
    chars: decoded.codePoints.length,
    bytes: message.length,
    utf16Units: text.length,
    graphemes: [...segmenter.segment(text)].length,
  };
}

/** The reply line (without its LF) for an outcome. */
export function replyFor(outcome: Outcome, options: ModelOptions): string {
  switch (outcome.kind) {
    case 'too-long':
      return `ERROR message longer than ${options.maxMessageBytes} bytes; the rest of it up to the next newline is discarded`;
    case 'invalid':
      return `ERROR invalid UTF-8 at byte ${outcome.offset}: ${outcome.what}; the message was not counted`;
    case 'count':
      if (options.format === 'json') {
        return `{"chars":${outcome.chars},"bytes":${outcome.bytes},"utf16Units":${outcome.utf16Units},"graphemes":${outcome.graphemes}}`;
      }
      return (options.language === 'en' ? 'The number of characters in that sentence is ' : 'Jumlah karakter dalam kalimat tersebut adalah ') + outcome.chars;
  }
}

/**
 * What a client does on one connection: bytes (however they are chunked and timed), pauses
 * long enough for the quiet period to pass, and finally perhaps a half-close.
 */
export type Event = { bytes: Uint8Array } | { pause: true };

const LF = 0x0a;
const CR = 0x0d;

/** The messages a connection carries, in order. `quietMode`: a pause ends the pending message. */
export function messagesOf(events: readonly Event[], halfClose: boolean, quietMode: boolean): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let pending: number[] = [];
  for (const event of events) {
    if ('pause' in event) {
      if (quietMode && pending.length > 0) {
        messages.push(Uint8Array.from(pending)); // a quiet-period end keeps a trailing CR
        pending = [];
      }
      continue;
    }
    for (const byte of event.bytes) {
      if (byte !== LF) {
        pending.push(byte);
        continue;
      }
      if (pending.at(-1) === CR) pending.pop();
      messages.push(Uint8Array.from(pending));
      pending = [];
    }
  }
  if (halfClose && pending.length > 0) messages.push(Uint8Array.from(pending));
  return messages;
}

/** Every reply line the server owes for these events, in order. */
export function expectedReplies(events: readonly Event[], halfClose: boolean, quietMode: boolean, options: ModelOptions): string[] {
  return messagesOf(events, halfClose, quietMode).map((message) => replyFor(outcomeOf(message, options), options));
}
