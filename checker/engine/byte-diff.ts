/**
 * The bytes part of a failure trace: what was sent, what was expected and what came, each
 * escaped (\xFF, \n), with a caret under the first byte where the reply differs.
 */
import type { Language } from '../../language';
import { escapePieces, type EscapedPiece } from '../../protocol';
import { TRACE_TEXTS } from '../messages/trace-texts';

/** How much of a long byte string a trace shows around the interesting place. */
const WINDOW_CHARS = 72;

export interface ByteEvidence {
  sent?: Uint8Array;
  expected?: Uint8Array;
  received?: Uint8Array;
}

/** The bytes' lines, in `language`; the labels are padded to one width so the bytes line up under each other. */
export function renderEvidence({ sent, expected, received }: ByteEvidence, language: Language): string[] {
  const say = TRACE_TEXTS[language];
  const labels = [say.sentLabel(), say.expectedLabel(), say.receivedLabel()];
  const width = Math.max(...labels.map((label) => label.length)) + 1;
  const [sentLabel, expectedLabel, receivedLabel] = labels.map((label) => label.padEnd(width));
  const show = (bytes: Uint8Array, byteOffset: number): { text: string; caretColumn: number } => quoted(bytes, byteOffset, language);
  const lines: string[] = [];
  if (sent) lines.push(`${sentLabel}${show(sent, 0).text}`);
  if (expected && received) {
    const at = firstDifference(expected, received);
    const shownExpected = show(expected, at);
    const shownReceived = show(received, at);
    lines.push(`${expectedLabel}${shownExpected.text}`, `${receivedLabel}${shownReceived.text}`);
    if (at !== -1) lines.push(`${' '.repeat(width + shownReceived.caretColumn)}${say.firstDifference({ byte: at })}`);
  } else {
    if (expected) lines.push(`${expectedLabel}${show(expected, 0).text}`);
    if (received) lines.push(`${receivedLabel}${show(received, 0).text}`);
  }
  return lines;
}

/** The first byte index where the two differ (one being shorter counts), or -1 when equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : shorter;
}

/**
 * The bytes escaped and quoted, cut to a window around byteOffset when long, with the
 * column of the piece holding byteOffset (the closing quote when it is past the end).
 */
function quoted(bytes: Uint8Array, byteOffset: number, language: Language): { text: string; caretColumn: number } {
  const pieces = escapePieces(bytes);
  let focus = pieces.findIndex((piece) => piece.offset + piece.length > byteOffset);
  if (focus === -1) focus = pieces.length;
  const [from, to] = windowAround(pieces, focus);
  const say = TRACE_TEXTS[language];
  const head = from > 0 ? `${say.bytesBefore({ bytes: pieces[from].offset })} ` : '';
  const tail = to < pieces.length ? ` ${say.bytesAfter({ bytes: bytes.length - pieces[to].offset })}` : '';
  const shown = pieces.slice(from, to);
  const beforeFocus = shown.slice(0, focus - from).reduce((width, piece) => width + [...piece.text].length, 0);
  return { text: `${head}"${shown.map((piece) => piece.text).join('')}"${tail}`, caretColumn: [...head].length + 1 + beforeFocus };
}

function windowAround(pieces: EscapedPiece[], focus: number): [number, number] {
  let from = Math.max(0, focus - Math.floor(WINDOW_CHARS / 2));
  let width = 0;
  let to = from;
  while (to < pieces.length && width + pieces[to].text.length <= WINDOW_CHARS) width += pieces[to++].text.length;
  if (to <= focus && focus < pieces.length) {
    from = focus;
    to = focus + 1;
  }
  return [from, to];
}
