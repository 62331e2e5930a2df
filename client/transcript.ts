import type { SessionResult, TranscriptRow } from './session';

const REPLY_WIDTH = 52;

export interface SessionSummary {
  messages: number;
  ok: number;
  mismatched: number;
  unanswered: number;
  stepsNotRun: number;
  connections: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  durationMs: number;
}

export function summarize(result: SessionResult): SessionSummary {
  const rtts = result.rows.flatMap((row) => (row.rttMs === null ? [] : [row.rttMs])).sort((a, b) => a - b);
  const unanswered = result.rows.filter((row) => row.reply === null).length;
  const ok = result.rows.filter((row) => row.ok).length;
  return {
    messages: result.rows.length,
    ok,
    mismatched: result.rows.length - ok - unanswered,
    unanswered,
    stepsNotRun: result.stepsNotRun,
    connections: result.connections,
    p50Ms: percentile(rtts, 0.5),
    p99Ms: percentile(rtts, 0.99),
    maxMs: rtts.length > 0 ? rtts[rtts.length - 1] : null,
    durationMs: result.durationMs,
  };
}

function percentile(sorted: number[], quantile: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
}

const ms = (value: number | null): string => (value === null ? '-' : value.toFixed(1));

/** One line; deliberately not shaped like a test runner's "N passed, N failed". */
export function formatSummary(summary: SessionSummary): string {
  const parts = [
    `${summary.messages} messages`,
    `${summary.ok} ok`,
    `${summary.mismatched} mismatched`,
  ];
  if (summary.unanswered > 0) parts.push(`${summary.unanswered} unanswered`);
  if (summary.stepsNotRun > 0) parts.push(`${summary.stepsNotRun} script lines not run`);
  parts.push(`${summary.connections} connections`, `p50 ${ms(summary.p50Ms)} ms`, `p99 ${ms(summary.p99Ms)} ms`, `max ${ms(summary.maxMs)} ms`);
  return `summary: ${parts.join(', ')}`;
}

/** The transcript table; past `maxRows` rows only the rows that are not ok are listed. */
export function formatTable(rows: TranscriptRow[], maxRows: number): string[] {
  const shown = rows.length <= maxRows ? rows : rows.filter((row) => !row.ok);
  const cells = shown.map((row) => [
    String(row.index),
    `"${row.preview}"`,
    String(row.bytes),
    row.expected,
    shorten(row.reply ?? `(${row.problem ?? 'no reply'})`),
    ms(row.rttMs),
    row.ok ? 'ok' : 'MISMATCH',
  ]);
  const header = ['#', 'preview', 'bytes', 'expected', 'reply', 'rtt-ms', 'ok'];
  const rightAligned = new Set([0, 2, 3, 5]);
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...cells.map((cell) => displayWidth(cell[column]))));
  const render = (cell: string[]): string =>
    cell
      .map((text, column) => {
        const pad = ' '.repeat(widths[column] - displayWidth(text));
        return rightAligned.has(column) ? pad + text : text + pad;
      })
      .join('  ')
      .trimEnd();
  const lines = [render(header), ...cells.map(render)];
  if (shown.length < rows.length) lines.push(`(${rows.length - shown.length} ok rows not shown; raise --max-rows to list them)`);
  return lines;
}

function shorten(reply: string): string {
  const chars = [...reply];
  return chars.length <= REPLY_WIDTH ? reply : `${chars.slice(0, REPLY_WIDTH - 1).join('')}…`;
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
