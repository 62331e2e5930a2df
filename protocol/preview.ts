/**
 * A short, single-line, printable rendering of message bytes for logs and transcripts.
 * Control characters, invalid bytes and characters that could rewrite a terminal line
 * are escaped, so a message can never forge a log line.
 */
export function renderPreview(bytes: Uint8Array, totalBytes: number, maxChars = 40): string {
  let out = '';
  let shown = 0;
  let i = 0;
  while (i < bytes.length && shown < maxChars) {
    const [codePoint, length] = decodeAt(bytes, i);
    if (codePoint === CUT_BY_PREVIEW_END && bytes.length < totalBytes) break;
    out += escapedText(bytes, i, codePoint);
    i += length;
    shown++;
  }
  return i < totalBytes ? `${out}…` : out;
}

/** One piece of an escaped rendering: a character or an escape, and the bytes it stands for. */
export interface EscapedPiece {
  text: string;
  offset: number;
  length: number;
}

/**
 * Every byte, escaped the way renderPreview shows them, with the bytes each piece stands
 * for: what lets a report put a caret under the first byte that differs.
 */
export function escapePieces(bytes: Uint8Array): EscapedPiece[] {
  const pieces: EscapedPiece[] = [];
  for (let i = 0; i < bytes.length; ) {
    const [codePoint, length] = decodeAt(bytes, i);
    pieces.push({ text: escapedText(bytes, i, codePoint), offset: i, length });
    i += length;
  }
  return pieces;
}

function escapedText(bytes: Uint8Array, i: number, codePoint: number): string {
  return codePoint < 0 ? `\\x${hex2(bytes[i])}` : escapeCodePoint(codePoint);
}

const NAMED_ESCAPES: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

function escapeCodePoint(codePoint: number): string {
  const named = NAMED_ESCAPES[codePoint];
  if (named !== undefined) return named;
  if (needsEscape(codePoint)) return codePoint <= 0xff ? `\\x${hex2(codePoint)}` : `\\u{${codePoint.toString(16).toUpperCase()}}`;
  return String.fromCodePoint(codePoint);
}

/** C0/C1 controls, DEL, line/paragraph separators, bidirectional overrides and the BOM: what a terminal or a log line must never get raw. */
export function needsEscape(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint < 0xa0) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    codePoint === 0xfeff
  );
}

const CUT_BY_PREVIEW_END = -2;

const hex2 = (byte: number): string => byte.toString(16).toUpperCase().padStart(2, '0');

/** The code point at i and its length in bytes, or a negative code point and length 1 for a byte that does not start a valid sequence. */
function decodeAt(bytes: Uint8Array, i: number): [number, number] {
  const lead = bytes[i];
  if (lead < 0x80) return [lead, 1];
  const length = lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
  if (length === 0) return [-1, 1];
  if (i + length > bytes.length) return [CUT_BY_PREVIEW_END, 1];
  let codePoint = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k];
    if ((next & 0xc0) !== 0x80) return [-1, 1];
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  const minimum = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
  if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return [-1, 1];
  return [codePoint, length];
}
