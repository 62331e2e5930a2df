import type { RowResult, TranscriptRow } from './session';
import { countResults, ms } from './transcript';

/** The reply column wraps at this width; past MAX_REPLY_LINES lines a reply is cut. */
const REPLY_WIDTH = 52;
/** Every reply the protocol defines fits (the longest ERROR takes three lines); only a broken server's reply is cut. */
const MAX_REPLY_LINES = 4;
const REPLY_COLUMN = 4;
const HEADER = ['#', 'preview', 'bytes', 'expected', 'reply', 'rtt-ms', 'ok'];
const RIGHT_ALIGNED = new Set([0, 2, 3, 5]);

const STATUS: Record<RowResult, string> = { ok: 'ok', mismatched: 'MISMATCHED', unanswered: 'UNANSWERED' };

/**
 * The transcript table: every row, or, when there are more than `maxRows`, at most
 * `maxRows` of the rows that are not ok; a last line says how many rows are not listed.
 * A long reply (an ERROR sentence) wraps onto lines of its own under the reply column.
 */
export function formatTable(rows: TranscriptRow[], maxRows: number): string[] {
  const shown = rows.length <= maxRows ? rows : rows.filter((row) => !row.ok).slice(0, maxRows);
  const lines = shown.length > 0 ? renderTable(shown) : [];
  if (shown.length < rows.length) {
    const listed = new Set(shown);
    lines.push(`(${describeLeftOut(rows.filter((row) => !listed.has(row)))} not shown; raise --max-rows to list them)`);
  }
  return lines;
}

/** "3400 ok rows", "2460 ok, 838 unanswered and 2 mismatched rows". */
function describeLeftOut(rows: TranscriptRow[]): string {
  const parts = Object.entries(countResults(rows))
    .filter(([, count]) => count > 0)
    .map(([result, count]) => `${count} ${result}`);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${list} ${rows.length === 1 ? 'row' : 'rows'}`;
}

function renderTable(rows: TranscriptRow[]): string[] {
  const cells = rows.map((row) => ({
    first: [String(row.index), `"${row.preview}"`, String(row.bytes), row.expected, '', ms(row.rttMs), STATUS[row.result]],
    reply: wrap(row.reply ?? `(${row.problem ?? 'no reply'})`, REPLY_WIDTH, MAX_REPLY_LINES),
  }));
  const widths = HEADER.map((title, column) =>
    Math.max(
      displayWidth(title),
      ...cells.map((cell) => (column === REPLY_COLUMN ? Math.max(...cell.reply.map(displayWidth)) : displayWidth(cell.first[column]))),
    ),
  );
  const render = (cell: string[]): string =>
    cell
      .map((text, column) => {
        const pad = ' '.repeat(widths[column] - displayWidth(text));
        return RIGHT_ALIGNED.has(column) ? pad + text : text + pad;
      })
      .join('  ')
      .trimEnd();
  const blank = HEADER.map(() => '');
  const lines = [render(HEADER)];
  for (const { first, reply } of cells) {
    reply.forEach((text, line) => {
      const cell = line === 0 ? [...first] : [...blank];
      cell[REPLY_COLUMN] = text;
      lines.push(render(cell));
    });
  }
  return lines;
}

/** Breaks text into lines of at most `width` columns at spaces (a longer word is split), at most `maxLines`, the last ending in "…" if cut. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  // Every character takes at least one column: what lies past this many can never be shown.
  const limit = width * maxLines + maxLines;
  const chars: string[] = [];
  let truncated = false;
  for (const char of text) {
    if (chars.length === limit) {
      truncated = true;
      break;
    }
    chars.push(char);
  }
  const lines: string[] = [];
  let line: string | undefined;
  for (const word of chars.join('').split(' ')) {
    for (const piece of splitToWidth(word, width)) {
      const candidate = line === undefined ? piece : `${line} ${piece}`;
      if (displayWidth(candidate) <= width) {
        line = candidate;
      } else {
        lines.push(line ?? '');
        line = piece;
      }
    }
  }
  lines.push(line ?? '');
  if (!truncated && lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = [...kept[kept.length - 1]];
  while (last.length > 0 && displayWidth(last.join('')) + 1 > width) last.pop();
  kept[kept.length - 1] = `${last.join('')}…`;
  return kept;
}

function splitToWidth(word: string, width: number): string[] {
  if (displayWidth(word) <= width) return [word];
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (displayWidth(piece + char) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  pieces.push(piece);
  return pieces;
}

/** Terminal columns: wide East Asian characters and emoji take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x300 && code <= 0x36f) continue;
    width += code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1faff) || (code >= 0x20000 && code <= 0x3fffd))
      ? 2
      : 1;
  }
  return width;
}
