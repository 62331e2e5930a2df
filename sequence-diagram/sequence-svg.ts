/**
 * A sequence diagram of one conversation between two parties as a standalone SVG: two
 * lifelines with headers, time running down beside an axis, one sloped arrow per message,
 * dashed lines across for events, long gaps compressed and marked with their length. The
 * capture tool draws TCP segments with it (tools/ladder-svg.ts) and the checker's HTML
 * report draws the record of a failed stage (checker/export/record-diagram.ts): one visual
 * language for both. No scripts, no external fonts or images, only presentation attributes
 * and font lists with generic fallbacks, so GitHub's Markdown preview, a browser and
 * Inkscape draw it the same, and a page with a strict Content-Security-Policy can inline it.
 * Each arrow's <title> is its tooltip and what a screen reader says.
 */
import { escapeXml } from './xml-escape';

const WIDTH = 920;
const AXIS_X = 96;
const LEFT_X = 200;
const RIGHT_X = 620;
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

/** The left party's blue, the right party's green, a reset's red, and plain text. */
const COLORS = { left: '#1d4ed8', right: '#15803d', reset: '#b91c1c', text: '#1f2937', muted: '#6b7280', event: '#9a3412' } as const;
export type ArrowColor = 'left' | 'right' | 'reset' | 'text';
const HALO = 'stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"';

/** How an arrow (or a legend sample) is stroked. */
export interface Stroke {
  color: ArrowColor;
  width: number;
  dash?: string;
}

export interface SequenceArrow extends Stroke {
  timeMs: number;
  fromLeft: boolean;
  /** Above the arrow, in its colour. */
  label: string;
  /** Under the arrow: the payload. */
  text: string[];
  /** In the notes column: what the arrow means. */
  notes: string[];
  /** The tooltip, and what a screen reader says. */
  title: string;
  /** data-* attributes, in order, for tests and tools that read the drawing back. */
  data: [name: string, value: string][];
}

/** Something that happened to neither arrow, at a time: a program's exit, a timeout. */
export interface SequenceEvent {
  timeMs: number;
  text: string;
}

export interface Lifeline {
  label: string;
  detail: string;
}

export interface SequenceDiagram {
  left: Lifeline;
  right: Lifeline;
  arrows: SequenceArrow[];
  events: SequenceEvent[];
}

export interface SequenceSvgOptions {
  /** The line above the lifelines. */
  title: string;
  /** A second, smaller line under it. */
  subtitle?: string;
  /** The aria-label: the diagram in one sentence. */
  summary: string;
  /** The <desc>: how to read it. */
  description: string;
  /** Over the time axis, e.g. "time (ms)". */
  axisLabel: string;
  /** Digits after the point of the times on the axis. */
  timeDecimals: number;
  /** A line at the top of the lifelines, e.g. that the capture started late. */
  topNote?: string;
  legend: { label: string; stroke: Stroke }[];
  /** The legend's line explaining a compressed gap, after its "+150.0 ms" sample. */
  gapNote: string;
}

const text = (x: number, y: number, content: string, attributes = ''): string =>
  `<text x="${x}" y="${y}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;

const strokeAttributes = ({ color, width, dash }: Stroke): string => `stroke="${COLORS[color]}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}`;

/** Arrows and events in time order, each at its height. */
interface Row {
  y: number;
  /** A compressed gap before this row: its length and where it starts. */
  gap?: { ms: number; from: number };
  arrow?: SequenceArrow;
  event?: SequenceEvent;
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

function layout(diagram: SequenceDiagram): { rows: Row[]; bottom: number } {
  const items = [...diagram.arrows.map((arrow) => ({ timeMs: arrow.timeMs, arrow })), ...diagram.events.map((event) => ({ timeMs: event.timeMs, event }))].sort(
    (a, b) => a.timeMs - b.timeMs,
  );
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

function drawArrow(arrow: SequenceArrow, y: number, timeDecimals: number): string {
  const [x0, x1] = arrow.fromLeft ? [LEFT_X, RIGHT_X] : [RIGHT_X, LEFT_X];
  const y1 = y + SLOPE;
  const length = Math.hypot(x1 - x0, SLOPE);
  const [ux, uy] = [(x1 - x0) / length, SLOPE / length];
  /** A point `back` pixels before the tip along the arrow, `aside` pixels across it. */
  const point = (back: number, aside: number): string => `${(x1 - ux * back - uy * aside).toFixed(1)},${(y1 - uy * back + ux * aside).toFixed(1)}`;
  const [shaftX, shaftY] = point(ARROW_HEAD * 0.6, 0).split(',');
  const color = COLORS[arrow.color];
  const middle = (LEFT_X + RIGHT_X) / 2;
  const data = arrow.data.map(([name, value]) => `data-${name}="${escapeXml(value)}"`).join(' ');
  return [
    `<g class="segment" ${data}>`,
    `<title>${escapeXml(arrow.title)}</title>`,
    text(AXIS_X - 8, y + 4, arrow.timeMs.toFixed(timeDecimals), `text-anchor="end" font-size="10" fill="${COLORS.muted}"`),
    `<line x1="${AXIS_X - 4}" y1="${y}" x2="${AXIS_X}" y2="${y}" stroke="${COLORS.muted}"/>`,
    `<line class="arrow" x1="${x0}" y1="${y}" x2="${shaftX}" y2="${shaftY}" ${strokeAttributes(arrow)}/>`,
    `<polygon points="${point(0, 0)} ${point(ARROW_HEAD, ARROW_HEAD / 2.4)} ${point(ARROW_HEAD, -ARROW_HEAD / 2.4)}" fill="${color}"/>`,
    text(middle, y + SLOPE / 2 - 6, arrow.label, `text-anchor="middle" font-size="11" fill="${color}" ${HALO}`),
    ...arrow.text.map((line, i) => text(middle, y + SLOPE + 12 + LINE * i, line, `text-anchor="middle" font-size="10.5" fill="${COLORS.text}" ${HALO}`)),
    ...noteLines(arrow.notes).map((note, i) => text(NOTES_X, y + SLOPE / 2 + 4 + LINE * i, note, `font-family="${SANS}" font-size="11" fill="${COLORS.text}"`)),
    '</g>',
  ].join('\n');
}

function drawEvent(event: SequenceEvent, y: number, timeDecimals: number): string {
  const middle = y + 8;
  return [
    `<g class="event">`,
    text(AXIS_X - 8, middle + 4, event.timeMs.toFixed(timeDecimals), `text-anchor="end" font-size="10" fill="${COLORS.event}"`),
    `<line x1="${LEFT_X - 16}" y1="${middle}" x2="${RIGHT_X + 16}" y2="${middle}" stroke="${COLORS.event}" stroke-width="1.2" stroke-dasharray="4 3"/>`,
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
    ...[AXIS_X, LEFT_X, RIGHT_X].flatMap((x) => [blank(x), dotted(x)]),
    zigzag(AXIS_X, middle),
    text(AXIS_X - 12, middle + 4, `+${label}`, `text-anchor="end" font-size="10" font-style="italic" fill="${COLORS.muted}"`),
    '</g>',
  ].join('\n');
}

function drawHeader({ label, detail }: Lifeline, x: number): string {
  return [
    `<rect x="${x - 120}" y="${HEADER_TOP}" width="240" height="40" rx="5" fill="#f3f4f6" stroke="${COLORS.muted}"/>`,
    text(x, HEADER_TOP + 16, label, `text-anchor="middle" font-family="${SANS}" font-size="12" font-weight="bold" fill="${COLORS.text}"`),
    text(x, HEADER_TOP + 32, detail, `text-anchor="middle" font-size="11.5" fill="${COLORS.text}"`),
  ].join('\n');
}

const LEGEND_COLUMNS = 3;
const LEGEND_ROW = 20;

function drawLegend(top: number, options: SequenceSvgOptions): string {
  const items = options.legend.map(({ label, stroke }, i) => {
    const x = 40 + (i % LEGEND_COLUMNS) * 290;
    const y = top + 28 + Math.floor(i / LEGEND_COLUMNS) * LEGEND_ROW;
    return `<line x1="${x}" y1="${y - 4}" x2="${x + 36}" y2="${y - 4}" ${strokeAttributes(stroke)}/>\n${text(x + 46, y, label, `font-family="${SANS}" font-size="11" fill="${COLORS.text}"`)}`;
  });
  const gapY = top + 28 + Math.ceil(options.legend.length / LEGEND_COLUMNS) * LEGEND_ROW;
  const gapNote = [zigzag(58, gapY - 3), text(86, gapY, options.gapNote, `font-family="${SANS}" font-size="11" fill="${COLORS.muted}"`)].join('\n');
  return ['<g class="legend">', `<line x1="20" y1="${top + 8}" x2="${WIDTH - 20}" y2="${top + 8}" stroke="#d1d5db"/>`, ...items, gapNote, '</g>'].join('\n');
}

function legendHeight(entries: number): number {
  return 28 + Math.ceil(entries / LEGEND_COLUMNS) * LEGEND_ROW + 24;
}

/** The whole diagram. */
export function sequenceSvg(diagram: SequenceDiagram, options: SequenceSvgOptions): string {
  const { rows, bottom } = layout(diagram);
  const height = Math.ceil(bottom + legendHeight(options.legend.length));
  const lifeline = (x: number): string => `<line x1="${x}" y1="${HEADER_TOP + 40}" x2="${x}" y2="${bottom}" stroke="${COLORS.muted}" stroke-width="1.4"/>`;
  const body = rows.flatMap((row) => [
    ...(row.gap ? [drawGap(row.gap, row.y - 6)] : []),
    row.arrow ? drawArrow(row.arrow, row.y, options.timeDecimals) : drawEvent(row.event!, row.y, options.timeDecimals),
  ]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(options.summary)}" font-family="${MONO}">`,
    `<desc>${escapeXml(options.description)}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(20, 20, options.title, `font-size="12.5" font-weight="bold" fill="${COLORS.text}"`),
    ...(options.subtitle === undefined ? [] : [text(20, 36, options.subtitle, `font-family="${SANS}" font-size="11.5" fill="${COLORS.muted}"`)]),
    text(AXIS_X - 8, TOP + 4, options.axisLabel, `text-anchor="end" font-family="${SANS}" font-size="10.5" fill="${COLORS.muted}"`),
    `<line x1="${AXIS_X}" y1="${TOP + 10}" x2="${AXIS_X}" y2="${bottom}" stroke="${COLORS.muted}"/>`,
    `<polygon points="${AXIS_X - 4},${bottom - 6} ${AXIS_X + 4},${bottom - 6} ${AXIS_X},${bottom + 2}" fill="${COLORS.muted}"/>`,
    lifeline(LEFT_X),
    lifeline(RIGHT_X),
    drawHeader(diagram.left, LEFT_X),
    drawHeader(diagram.right, RIGHT_X),
    ...(options.topNote === undefined ? [] : [text(LEFT_X, TOP + 8, options.topNote, `font-family="${SANS}" font-size="10.5" fill="${COLORS.muted}"`)]),
    ...body,
    drawLegend(bottom, options),
    '</svg>',
    '',
  ].join('\n');
}
