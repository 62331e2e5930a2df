/**
 * The messages stages send, and what each must count: Unicode code points, as Python's
 * len(data.decode("utf-8")) counts them, which is what `[...text].length` counts in JS.
 */
import { formatReply } from '../../protocol';
import type { SeededRandom } from '../engine/seeded-random';

export function codePoints(text: string): number {
  // [...text].length, without making an array of a 1 MiB message's characters: a surrogate pair is one code point.
  let count = text.length;
  for (let index = 1; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      const before = text.charCodeAt(index - 1);
      if (before >= 0xd800 && before <= 0xdbff) count--;
    }
  }
  return count;
}

/** The assignment's reply, exactly: one copy of the sentence, the protocol core's. */
export function assignmentReply(chars: number): string {
  return formatReply({ kind: 'count', chars, bytes: 0, preview: Buffer.alloc(0) }, { language: 'id', replyFormat: 'text' });
}

const SHORT_MESSAGES = ['Halo dunia', 'Selamat pagi', 'Apa kabar?', 'Belajar socket TCP', 'Jaringan komputer', 'Tugas 1 socket programming'];

export function shortMessage(random: SeededRandom): string {
  return random.pick(SHORT_MESSAGES);
}

/** Words for long messages: ASCII, Latin with accents, CJK and an emoji, so bytes and characters differ. */
const WORDS = ['kalimat', 'jaringan', 'paket', 'café', 'naïve', '日本語', 'データ', '😀', 'TCP', 'soket', 'señal', 'Ω'].map((word) => Buffer.from(`${word} `));

/** A message of exactly `byteLength` bytes of valid UTF-8, words separated by spaces, padded with "a". */
export function textOfBytes(random: SeededRandom, byteLength: number): string {
  // Written straight into bytes: a 1 MiB message is 170,000 words, and the checker's own CPU
  // is what a busy machine is short of.
  const text = Buffer.alloc(byteLength, 'a');
  let bytes = 0;
  for (;;) {
    const word = random.pick(WORDS);
    if (bytes + word.length > byteLength) break;
    word.copy(text, bytes);
    bytes += word.length;
  }
  return text.toString('utf8');
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
