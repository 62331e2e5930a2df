/**
 * The messages stages send, and what each must count: Unicode code points, as Python's
 * len(data.decode("utf-8")) counts them, which is what `[...text].length` counts in JS.
 */
import { formatReply } from '../../protocol';
import type { SeededRandom } from '../engine/seeded-random';

export const codePoints = (text: string): number => [...text].length;

/** The assignment's reply, exactly: one copy of the sentence, the protocol core's. */
export function assignmentReply(chars: number): string {
  return formatReply({ kind: 'count', chars, bytes: 0, preview: Buffer.alloc(0) }, { language: 'id', replyFormat: 'text' });
}

const SHORT_MESSAGES = ['Halo dunia', 'Selamat pagi', 'Apa kabar?', 'Belajar socket TCP', 'Jaringan komputer', 'Tugas 1 socket programming'];

export function shortMessage(random: SeededRandom): string {
  return random.pick(SHORT_MESSAGES);
}

/** Words for long messages: ASCII, Latin with accents, CJK and an emoji, so bytes and characters differ. */
const WORDS = ['kalimat', 'jaringan', 'paket', 'café', 'naïve', '日本語', 'データ', '😀', 'TCP', 'soket', 'señal', 'Ω'];

/** A message of exactly `byteLength` bytes of valid UTF-8, words separated by spaces. */
export function textOfBytes(random: SeededRandom, byteLength: number): string {
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const word = `${random.pick(WORDS)} `;
    const size = Buffer.byteLength(word);
    if (bytes + size > byteLength) break;
    parts.push(word);
    bytes += size;
  }
  return parts.join('') + 'a'.repeat(byteLength - bytes);
}

/** Byte offsets at which to cut a message into about `pieces` writes, never inside a character. */
export function pieceBoundaries(bytes: Uint8Array, pieces: number): number[] {
  const cuts: number[] = [];
  for (let k = 1; k < pieces; k++) {
    let at = Math.floor((bytes.length * k) / pieces);
    while (at > 0 && (bytes[at] & 0xc0) === 0x80) at--;
    if (at > (cuts.at(-1) ?? 0)) cuts.push(at);
  }
  return cuts;
}
