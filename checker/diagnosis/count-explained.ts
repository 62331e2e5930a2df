/**
 * Why a reply's count is wrong, found by recounting the message the ways students' servers
 * miscount it and looking for the number the reply holds: the UTF-8 bytes, UTF-16 units,
 * normalised text, graphemes, only what the first recv returned, one count per piece,
 * another client's message. Pure.
 */
import type { FailureFacts } from './facts';

type CountFacts = Extract<FailureFacts, { kind: 'count' }>;

export type CountExplanation =
  | { kind: 'zero-at-once'; ms: number; early: boolean }
  | { kind: 'taken-by-other-client'; others: number }
  | { kind: 'utf8-bytes' | 'utf16-units' | 'graphemes' | 'other-client' | 'clients-together'; found: number }
  | { kind: 'normalised'; found: number; form: string }
  | { kind: 'first-read'; found: number; bytes: number }
  | { kind: 'per-read'; counts: number[] }
  | { kind: 'before-message'; found: number; ms: number }
  | { kind: 'several-numbers'; numbers: number[]; rightOne: boolean }
  | { kind: 'no-number' };

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
const codePoints = (text: string): number => [...text].length;

/** A cut character decodes to U+FFFD: a server may count it (errors="replace") or not (errors="ignore"). */
function countsOfPiece(bytes: Uint8Array): number[] {
  const text = decode(bytes);
  return [codePoints(text), codePoints(text.replaceAll('\uFFFD', ''))];
}

/** The pieces a server reading with recv() may have seen: the writes as sent, or blocks of 1024 bytes. */
function piecesOf(facts: CountFacts): Uint8Array[][] {
  const { message, writeStarts } = facts;
  const bounds = [0, ...writeStarts, message.length];
  const writes = bounds.slice(1).map((end, i) => message.subarray(bounds[i], end));
  const blocks: Uint8Array[] = [];
  for (let start = 0; start < message.length; start += 1024) blocks.push(message.subarray(start, start + 1024));
  return [writes, blocks].filter((pieces) => pieces.length > 1);
}

export function explainCount(facts: CountFacts): CountExplanation | null {
  const { expected, found } = facts;
  const ms = Math.round(facts.replyAfterMs);
  if (found === 0 && expected > 0) {
    // 0 for a message sent whole while other clients sent theirs: another client's handler took its bytes.
    if (facts.otherMessages.length > 0 && !facts.beforeLastByte) return { kind: 'taken-by-other-client', others: facts.otherMessages.length };
    return { kind: 'zero-at-once', ms, early: facts.beforeLastByte };
  }
  if (found === null) return perRead(facts) ?? numbersInReply(facts);
  if (found === expected) return null;
  const text = decode(facts.message);
  if (found === facts.message.length) return { kind: 'utf8-bytes', found };
  if (found === text.length) return { kind: 'utf16-units', found };
  for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const) {
    if (found === codePoints(text.normalize(form))) return { kind: 'normalised', found, form };
  }
  if (found === [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length) return { kind: 'graphemes', found };
  const others = facts.otherMessages.map((message) => codePoints(decode(message)));
  if (others.includes(found)) return { kind: 'other-client', found };
  if (others.length > 0 && sumsOfOthers(others).some((sum) => sum + expected === found)) return { kind: 'clients-together', found };
  for (const pieces of piecesOf(facts)) {
    const first = pieces[0]!;
    if (countsOfPiece(first).includes(found) || first.length === found) return { kind: 'first-read', found, bytes: first.length };
  }
  if (facts.beforeLastByte) return { kind: 'before-message', found, ms };
  return null;
}

/** Several numbers in the reply, one per piece the message came in: the server replied to every recv. */
function perRead(facts: CountFacts): CountExplanation | null {
  const numbers = (decode(facts.reply).match(/\d+/g) ?? []).map(Number);
  if (numbers.length < 2) return null;
  for (const pieces of piecesOf(facts)) {
    const matches = numbers.every((number, i) => i < pieces.length && countsOfPiece(pieces[i]!).includes(number));
    if (matches) return { kind: 'per-read', counts: numbers };
  }
  return null;
}

/** No single number in the reply (less any copy of the message): none at all, or several, the right count perhaps among them. */
function numbersInReply(facts: CountFacts): CountExplanation | null {
  if (facts.reply.length === 0) return null;
  const message = decode(facts.message);
  const rest = message === '' ? decode(facts.reply) : decode(facts.reply).split(message).join(' ');
  const numbers = (rest.match(/\d+/g) ?? []).map(Number);
  if (numbers.length === 0) return { kind: 'no-number' };
  return numbers.length > 1 ? { kind: 'several-numbers', numbers, rightOne: numbers.includes(facts.expected) } : null;
}

/** The sums of every non-empty subset of the other clients' counts (there are a handful at most). */
function sumsOfOthers(others: number[]): number[] {
  const sums: number[] = [];
  const limit = Math.min(others.length, 8);
  for (let mask = 1; mask < 1 << limit; mask++) {
    let sum = 0;
    for (let i = 0; i < limit; i++) if (mask & (1 << i)) sum += others[i]!;
    sums.push(sum);
  }
  return sums;
}
