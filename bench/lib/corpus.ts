/**
 * The messages the scenarios send and the replies they must get, computed here
 * independently of protocol/ (code points of the JavaScript string; a small validator
 * for where invalid UTF-8 starts, which is Python's UnicodeDecodeError.start).
 */
import type { Corpus } from './tasks';

export const COUNT_SENTENCE = 'Jumlah karakter dalam kalimat tersebut adalah ';

export function countReply(chars: number): string {
  return COUNT_SENTENCE + chars;
}

/** Unicode code points: what Python's len() returns for the decoded text. */
export const codePoints = (text: string): number => [...text].length;

/** Offset of the first byte that cannot be decoded, or -1 for valid UTF-8. */
export function firstInvalidOffset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

export interface Message {
  bytes: Buffer;
  /** The reply line without LF, or its start for invalid UTF-8. */
  expected: string;
  prefixOnly: boolean;
  category: string;
}

/** A message from text; the reply is computed from the text, and checked against the bytes. */
export function textMessage(text: string, category: string, terminator = '\n'): Message {
  const bytes = Buffer.from(text + terminator, 'utf8');
  return { bytes, expected: countReply(codePoints(text)), prefixOnly: false, category };
}

export function bytesMessage(body: Buffer, category: string): Message {
  const offset = firstInvalidOffset(body);
  if (offset === -1) {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { bytes: Buffer.concat([body, Buffer.from('\n')]), expected: countReply(codePoints(text)), prefixOnly: false, category };
  }
  return { bytes: Buffer.concat([body, Buffer.from('\n')]), expected: `ERROR invalid UTF-8 at byte ${offset}:`, prefixOnly: true, category };
}

/** Packs messages for a closed-loop task: repeated so that `depth` consecutive messages are one slice. */
export function makeCorpus(messages: Message[], depth: number): Corpus {
  const offsets = [0];
  for (const m of messages) offsets.push(offsets[offsets.length - 1] + m.bytes.length);
  const rounds = Math.ceil((messages.length + depth) / messages.length);
  const one = Buffer.concat(messages.map((m) => m.bytes));
  const data = new Uint8Array(one.length * rounds);
  for (let r = 0; r < rounds; r++) data.set(one, r * one.length);
  return {
    data,
    offsets,
    count: messages.length,
    expected: messages.map((m) => m.expected),
    prefixOnly: messages.map((m) => m.prefixOnly),
    category: messages.map((m) => m.category),
  };
}

// ---- the texts ------------------------------------------------------------------------

const INDONESIAN = [
  'Selamat pagi, apa kabar? Saya sedang belajar pemrograman soket di laboratorium jaringan.',
  'Server menghitung jumlah karakter dalam setiap kalimat yang dikirim oleh klien melalui TCP.',
  'Kami makan nasi goreng dan minum kopi susu di warung dekat kampus sebelum kuliah dimulai.',
  'Protokol baris sederhana: setiap pesan diakhiri dengan karakter baris baru, lalu dibalas.',
];
const CJK = [
  '日本語のテキストは一文字が三バイトで表されます。',
  '服务器统计每条消息中的字符数量，而不是字节数量。',
  '한국어 문장도 유니코드 코드 포인트로 셉니다.',
  '東京と大阪の間を新幹線で移動しました。',
];
const EMOJI = [
  'Halo 😀 dunia 🌏 terima kasih 🙏',
  'Bendera 🇮🇩 dan 🇯🇵 adalah dua indikator regional masing-masing',
  'Keluarga 👨‍👩‍👧‍👦 dan jempol 👍🏽 adalah beberapa code point',
  '🎉🎊🥳 selamat ulang tahun 🎂🍰',
];
const MIXED = [
  'Kafé 日本 😀 — naïve café, “kutipan” dan ½ porsi',
  'Résumé: 東京 → Jakarta ✈️ 7 jam, 🇮🇩 merdeka!',
  'Ünïcödé ça va? 中文 한국어 😀 العربية עברית',
  'Harga: Rp 15.000 (≈ €0,90) untuk kopi ☕ dan roti 🥐',
];

const SIXTY_THREE = 'Selamat pagi, apa kabar? Saya sedang belajar pemrograman soket.';

/** 64 bytes on the wire: 63 ASCII characters and the LF. */
export function message64(): Message {
  const text = SIXTY_THREE.padEnd(63, '.').slice(0, 63);
  return textMessage(text, 'ascii');
}

/** Indonesian prose of exactly `size` bytes with a little non-ASCII (about 1 % of bytes), no LF. */
export function proseBytes(size: number): { bytes: Buffer; chars: number } {
  const paragraph =
    INDONESIAN.join(' ') + ' Kafé di sudut jalan menjual kopi tubruk — murah dan enak. ' + INDONESIAN.slice().reverse().join(' ') + ' ';
  const unit = Buffer.from(paragraph, 'utf8');
  const parts: Buffer[] = [];
  let total = 0;
  while (total + unit.length <= size) {
    parts.push(unit);
    total += unit.length;
  }
  const pad = Buffer.alloc(size - total, 0x61);
  parts.push(pad);
  const bytes = Buffer.concat(parts, size);
  const chars = codePoints(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  return { bytes, chars };
}

/** One line of `size` bytes, LF included. */
export function proseLine(size: number): Message {
  const { bytes, chars } = proseBytes(size - 1);
  return { bytes: Buffer.concat([bytes, Buffer.from('\n')]), expected: countReply(chars), prefixOnly: false, category: 'prose' };
}

/** Scenario 9: Indonesian, CJK, emoji and mixed texts of 1 to 6 sentences (30 to 600 bytes). */
export function mixMessages(): Message[] {
  const groups: [string, string[]][] = [
    ['indonesian', INDONESIAN],
    ['cjk', CJK],
    ['emoji', EMOJI],
    ['mixed', MIXED],
  ];
  const messages: Message[] = [];
  for (let length = 1; length <= 6; length++) {
    for (const [category, texts] of groups) {
      for (let k = 0; k < 2; k++) {
        const sentences = Array.from({ length }, (_, i) => texts[(i + k * 2 + length) % texts.length]);
        messages.push(textMessage(sentences.join(' '), category));
      }
    }
  }
  return messages;
}

/** Byte sequences that are not UTF-8, one of each kind the protocol names. */
const INVALID_SEQUENCES: [string, number[]][] = [
  ['invalid-byte', [0xff]],
  ['unexpected-continuation', [0x80]],
  ['overlong', [0xc0, 0x80]],
  ['surrogate', [0xed, 0xa0, 0x80]],
  ['above-max', [0xf4, 0x90, 0x80, 0x80]],
  ['missing-continuation', [0xe2, 0x41]],
];

/** Scenario 9b: the same messages; every other one has an invalid sequence between two characters (or is cut inside its last one). */
export function mixInvalidMessages(): Message[] {
  return mixMessages().map((message, index) => {
    if (index % 2 === 1) return { ...message, category: `${message.category}` };
    const body = message.bytes.subarray(0, message.bytes.length - 1);
    const text = body.toString('utf8');
    const chars = [...text];
    const kind = (index / 2) % (INVALID_SEQUENCES.length + 1);
    if (kind === INVALID_SEQUENCES.length) {
      // Truncated: cut the last multi-byte character short, or append a lone lead byte.
      const last = Buffer.from(chars[chars.length - 1], 'utf8');
      const cut = last.length > 1 ? body.subarray(0, body.length - 1) : Buffer.concat([body, Buffer.from([0xe2, 0x82])]);
      return bytesMessage(Buffer.from(cut), 'invalid');
    }
    const at = Math.floor(chars.length * ((index % 7) + 1) / 8);
    const before = Buffer.from(chars.slice(0, at).join(''), 'utf8');
    const after = Buffer.from(chars.slice(at).join(''), 'utf8');
    return bytesMessage(Buffer.concat([before, Buffer.from(INVALID_SEQUENCES[kind][1]), after]), 'invalid');
  });
}
