/**
 * A ladder diagram as a standalone SVG: the client's and the server's lifelines, headed with
 * address:port, time running down beside an axis, one sloped arrow per segment. Long gaps
 * are compressed and marked (a 150 ms quiet period shows as a break labelled with its
 * length). No scripts, no external fonts or images, only presentation attributes and font
 * lists with generic fallbacks, so GitHub's Markdown preview, a browser and Inkscape draw it
 * the same. Each arrow's <title> is its tooltip and what a screen reader says.
 */
import type { ArrowKind, Ladder, LadderArrow, LadderEvent } from './ladder';
import type { Endpoint } from './tcp-connections';

const WIDTH = 920;
const AXIS_X = 96;
const CLIENT_X = 200;
const SERVER_X = 620;
const NOTES_X = 636;
/** Where the lifelines' headers start, under the title and subtitle. */
const HEADER_TOP = 44;
const TOP = HEADER_TOP + 56;
const SLOPE = 18;
const LINE = 13;
/** What fits in the notes column at 11 px. */
const NOTE_CHARS = 44;
const ARROW_HEAD = 9;
/** Gaps shorter than this are drawn to no scale; longer ones are marked and drawn longer, on a log scale. */
const GAP_MS = 10;

const MONO = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";
const SANS = "'DejaVu Sans', Helvetica, Arial, 'Liberation Sans', sans-serif";

const COLORS = { client: '#1d4ed8', server: '#15803d', reset: '#b91c1c', text: '#1f2937', muted: '#6b7280', event: '#9a3412' };
const HALO = 'stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"';
const DASHES: Record<Exclude<ArrowKind, 'reset'>, string> = { retransmission: '7 4', 'zero-window': '2 3' };

export interface LadderSvgOptions {
  /** The line above the lifelines, e.g. "captures/lab.pcap, connection 1 of 2". */
  title: string;
  /** A second, smaller line under it. */
  subtitle?: string;
}

export const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const endpointText = ({ address, port }: Endpoint): string => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

const text = (x: number, y: number, content: string, attributes = ''): string =>
  `<text x="${x}" y="${y}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;

/** Arrows and events in time order, each at its height. */
interface Row {
  y: number;
  /** A compressed gap before this row: its length and where it starts. */
  gap?: { ms: number; from: number };
  arrow?: LadderArrow;
  event?: LadderEvent;
}

/** Notes wrapped to the width of the notes column, at spaces. */
function noteLines(notes: readonly string[]): string[] {
  return notes.flatMap((note) => {
    const lines: string[] = [];
    // A number stays with its unit: "151 ms" never breaks.
    for (const word of note.split(/ (?!m?s\b)/)) {
      const last = lines.length - 1;
      if (last >= 0 && lines[last]!.length + 1 + word.length <= NOTE_CHARS) lines[last] += ` ${word}`;
      else lines.push(lines.length === 0 ? word : `  ${word}`);
    }
    return lines;
  });
}

function rowHeight(row: Row): number {
  if (row.event) return 8 + LINE * noteLines([row.event.text]).length + 8;
  const arrow = row.arrow!;
  return Math.max(SLOPE + 20 + LINE * arrow.text.length, 8 + LINE * noteLines(arrow.notes).length) + 6;
}

function gapHeight(ms: number): number {
  return Math.min(44, 18 + 12 * Math.log10(ms / GAP_MS));
}

function layout(ladder: Ladder): { rows: Row[]; bottom: number } {
  const items = [
    ...ladder.arrows.map((arrow) => ({ timeMs: arrow.packet.timeMs, arrow })),
    ...ladder.events.map((event) => ({ timeMs: event.timeMs, event })),
  ].sort((a, b) => a.timeMs - b.timeMs);
  const rows: Row[] = [];
  let y = TOP + 24;
  let previousMs: number | undefined;
  for (const item of items) {
    const row: Row = { y, ...('arrow' in item ? { arrow: item.arrow } : { event: item.event }) };
    const ms = previousMs === undefined ? 0 : item.timeMs - previousMs;
    if (ms >= GAP_MS) {
      row.gap = { ms, from: y - 6 };
      row.y = y += gapHeight(ms);
    }
    rows.push(row);
    y += rowHeight(row);
    previousMs = item.timeMs;
  }
  return { rows, bottom: y };
}

function arrowColor(arrow: LadderArrow): string {
  if (arrow.kinds.includes('reset')) return COLORS.reset;
  return arrow.fromClient ? COLORS.client : COLORS.server;
}

function strokeAttributes(arrow: LadderArrow): string {
  const reset = arrow.kinds.includes('reset');
  const control = arrow.packet.length > 0 || /SYN|FIN|RST/.test(arrow.packet.flags);
  const width = reset ? 2.6 : control ? 1.8 : 1.1;
  const dash = arrow.kinds.find((kind): kind is keyof typeof DASHES => kind in DASHES);
  return `stroke="${arrowColor(arrow)}" stroke-width="${width}"${dash ? ` stroke-dasharray="${DASHES[dash]}"` : ''}`;
}

/** The tooltip: direction, flags, seq, ack and length in words, then the time and what the arrow marks. */
export function arrowTitle(arrow: LadderArrow): string {
  const { packet } = arrow;
  const ack = packet.ack === undefined ? 'no ack' : `ack ${packet.ack}`;
  const kinds = arrow.kinds.length > 0 ? ` [${arrow.kinds.join(', ')}]` : '';
  const notes = arrow.notes.length > 0 ? `; ${arrow.notes.join('; ')}` : '';
  return `packet ${packet.index}, ${packet.direction}: ${packet.flags}, seq ${packet.seq}, ${ack}, length ${packet.length}${kinds}, at ${packet.timeMs.toFixed(3)} ms${notes}`;
}

function drawArrow(arrow: LadderArrow, y: number): string {
  const [x0, x1] = arrow.fromClient ? [CLIENT_X, SERVER_X] : [SERVER_X, CLIENT_X];
  const y1 = y + SLOPE;
  const length = Math.hypot(x1 - x0, SLOPE);
  const [ux, uy] = [(x1 - x0) / length, SLOPE / length];
  /** A point `back` pixels before the tip along the arrow, `aside` pixels across it. */
  const point = (back: number, aside: number): string => `${(x1 - ux * back - uy * aside).toFixed(1)},${(y1 - uy * back + ux * aside).toFixed(1)}`;
  const [shaftX, shaftY] = point(ARROW_HEAD * 0.6, 0).split(',');
  const color = arrowColor(arrow);
  const middle = (CLIENT_X + SERVER_X) / 2;
  const { packet } = arrow;
  const data = [
    `data-packet="${packet.index}"`,
    `data-direction="${arrow.fromClient ? 'client-to-server' : 'server-to-client'}"`,
    `data-flags="${packet.flags}"`,
    `data-seq="${packet.seq}"`,
    `data-ack="${packet.ack ?? ''}"`,
    `data-len="${packet.length}"`,
    `data-kinds="${arrow.kinds.join(' ')}"`,
  ].join(' ');
  return [
    `<g class="segment" ${data}>`,
    `<title>${escapeXml(arrowTitle(arrow))}</title>`,
    text(AXIS_X - 8, y + 4, packet.timeMs.toFixed(3), `text-anchor="end" font-size="10" fill="${COLORS.muted}"`),
    `<line x1="${AXIS_X - 4}" y1="${y}" x2="${AXIS_X}" y2="${y}" stroke="${COLORS.muted}"/>`,
    `<line class="arrow" x1="${x0}" y1="${y}" x2="${shaftX}" y2="${shaftY}" ${strokeAttributes(arrow)}/>`,
    `<polygon points="${point(0, 0)} ${point(ARROW_HEAD, ARROW_HEAD / 2.4)} ${point(ARROW_HEAD, -ARROW_HEAD / 2.4)}" fill="${color}"/>`,
    text(middle, y + SLOPE / 2 - 6, arrow.label, `text-anchor="middle" font-size="11" fill="${color}" ${HALO}`),
    ...arrow.text.map((line, i) => text(middle, y + SLOPE + 12 + LINE * i, line, `text-anchor="middle" font-size="10.5" fill="${COLORS.text}" ${HALO}`)),
    ...noteLines(arrow.notes).map((note, i) => text(NOTES_X, y + SLOPE / 2 + 4 + LINE * i, note, `font-family="${SANS}" font-size="11" fill="${COLORS.text}"`)),
    '</g>',
  ].join('\n');
}

function drawEvent(event: LadderEvent, y: number): string {
  const middle = y + 8;
  return [
    `<g class="event">`,
    text(AXIS_X - 8, middle + 4, event.timeMs.toFixed(3), `text-anchor="end" font-size="10" fill="${COLORS.event}"`),
    `<line x1="${CLIENT_X - 16}" y1="${middle}" x2="${SERVER_X + 16}" y2="${middle}" stroke="${COLORS.event}" stroke-width="1.2" stroke-dasharray="4 3"/>`,
    ...noteLines([event.text]).map((line, i) => text(NOTES_X, middle + 4 + LINE * i, line, `font-family="${SANS}" font-size="11" font-weight="bold" fill="${COLORS.event}"`)),
    '</g>',
  ].join('\n');
}

/** Two short slanted strokes: the break mark of a compressed gap. */
const zigzag = (x: number, y: number): string => `<path d="M${x - 6},${y - 2} l12,-5 M${x - 6},${y + 5} l12,-5" stroke="${COLORS.muted}" stroke-width="1.2" fill="none"/>`;

/** The break on the axis and the lifelines where a gap was compressed, with its real length. */
function drawGap(gap: { ms: number; from: number }, to: number): string {
  const middle = (gap.from + to) / 2;
  const blank = (x: number): string => `<rect x="${x - 3}" y="${gap.from + 3}" width="6" height="${(to - gap.from - 6).toFixed(1)}" fill="#ffffff"/>`;
  const dotted = (x: number): string => `<line x1="${x}" y1="${gap.from}" x2="${x}" y2="${to}" stroke="${COLORS.muted}" stroke-dasharray="1 3"/>`;
  const label = gap.ms >= 1000 ? `${(gap.ms / 1000).toFixed(2)} s` : `${gap.ms.toFixed(1)} ms`;
  return [
    '<g class="gap">',
    ...[AXIS_X, CLIENT_X, SERVER_X].flatMap((x) => [blank(x), dotted(x)]),
    zigzag(AXIS_X, middle),
    text(AXIS_X - 12, middle + 4, `+${label}`, `text-anchor="end" font-size="10" font-style="italic" fill="${COLORS.muted}"`),
    '</g>',
  ].join('\n');
}

function drawHeader(label: string, endpoint: Endpoint, x: number): string {
  return [
    `<rect x="${x - 120}" y="${HEADER_TOP}" width="240" height="40" rx="5" fill="#f3f4f6" stroke="${COLORS.muted}"/>`,
    text(x, HEADER_TOP + 16, label, `text-anchor="middle" font-family="${SANS}" font-size="12" font-weight="bold" fill="${COLORS.text}"`),
    text(x, HEADER_TOP + 32, endpointText(endpoint), `text-anchor="middle" font-size="11.5" fill="${COLORS.text}"`),
  ].join('\n');
}

const LEGEND: { label: string; stroke: string }[] = [
  { label: 'client → server', stroke: `stroke="${COLORS.client}" stroke-width="1.8"` },
  { label: 'server → client', stroke: `stroke="${COLORS.server}" stroke-width="1.8"` },
  { label: 'ACK only (thin)', stroke: `stroke="${COLORS.client}" stroke-width="1.1"` },
  { label: 'RST: reset', stroke: `stroke="${COLORS.reset}" stroke-width="2.6"` },
  { label: 'retransmission', stroke: `stroke="${COLORS.text}" stroke-width="1.8" stroke-dasharray="${DASHES.retransmission}"` },
  { label: 'zero window (win=0)', stroke: `stroke="${COLORS.text}" stroke-width="1.8" stroke-dasharray="${DASHES['zero-window']}"` },
];
const LEGEND_COLUMNS = 3;
const LEGEND_ROW = 20;

function drawLegend(top: number): string {
  const items = LEGEND.map(({ label, stroke }, i) => {
    const x = 40 + (i % LEGEND_COLUMNS) * 290;
    const y = top + 28 + Math.floor(i / LEGEND_COLUMNS) * LEGEND_ROW;
    return `<line x1="${x}" y1="${y - 4}" x2="${x + 36}" y2="${y - 4}" ${stroke}/>\n${text(x + 46, y, label, `font-family="${SANS}" font-size="11" fill="${COLORS.text}"`)}`;
  });
  const gapY = top + 28 + Math.ceil(LEGEND.length / LEGEND_COLUMNS) * LEGEND_ROW;
  const gapNote = [
    zigzag(58, gapY - 3),
    text(86, gapY, '+150.0 ms on the time axis: a gap of that length, drawn shorter', `font-family="${SANS}" font-size="11" fill="${COLORS.muted}"`),
  ].join('\n');
  return ['<g class="legend">', `<line x1="20" y1="${top + 8}" x2="${WIDTH - 20}" y2="${top + 8}" stroke="#d1d5db"/>`, ...items, gapNote, '</g>'].join('\n');
}

export function legendHeight(): number {
  return 28 + Math.ceil(LEGEND.length / LEGEND_COLUMNS) * LEGEND_ROW + 24;
}

/** The whole diagram, one connection. */
export function ladderSvg(ladder: Ladder, options: LadderSvgOptions): string {
  const { rows, bottom } = layout(ladder);
  const height = Math.ceil(bottom + legendHeight());
  const summary = `Ladder diagram of a TCP connection between client ${endpointText(ladder.client)} and server ${endpointText(ladder.server)}: ${ladder.arrows.length} segments`;
  const lifeline = (x: number): string => `<line x1="${x}" y1="${HEADER_TOP + 40}" x2="${x}" y2="${bottom}" stroke="${COLORS.muted}" stroke-width="1.4"/>`;
  const body = rows.flatMap((row) => [
    ...(row.gap ? [drawGap(row.gap, row.y - 6)] : []),
    row.arrow ? drawArrow(row.arrow, row.y) : drawEvent(row.event!, row.y),
  ]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(summary)}" font-family="${MONO}">`,
    `<desc>${escapeXml(`${summary}. ${[options.title, options.subtitle].filter(Boolean).join(' ')}. Time runs downward; each arrow's title names its direction, flags, sequence and acknowledgement numbers and length.`)}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(20, 20, options.title, `font-size="12.5" font-weight="bold" fill="${COLORS.text}"`),
    ...(options.subtitle === undefined ? [] : [text(20, 36, options.subtitle, `font-family="${SANS}" font-size="11.5" fill="${COLORS.muted}"`)]),
    text(AXIS_X - 8, TOP + 4, 'time (ms)', `text-anchor="end" font-family="${SANS}" font-size="10.5" fill="${COLORS.muted}"`),
    `<line x1="${AXIS_X}" y1="${TOP + 10}" x2="${AXIS_X}" y2="${bottom}" stroke="${COLORS.muted}"/>`,
    `<polygon points="${AXIS_X - 4},${bottom - 6} ${AXIS_X + 4},${bottom - 6} ${AXIS_X},${bottom + 2}" fill="${COLORS.muted}"/>`,
    lifeline(CLIENT_X),
    lifeline(SERVER_X),
    drawHeader('client', ladder.client, CLIENT_X),
    drawHeader('server', ladder.server, SERVER_X),
    ...(ladder.sawHandshake ? [] : [text(CLIENT_X, TOP + 8, 'capture started after the handshake: numbers relative to the first packet seen', `font-family="${SANS}" font-size="10.5" fill="${COLORS.muted}"`)]),
    ...body,
    drawLegend(bottom),
    '</svg>',
    '',
  ].join('\n');
}
