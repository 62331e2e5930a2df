import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packetColumns } from '../../tools/capture-report-text';
import type { Ladder } from '../../tools/ladder';
import { ladderSvg } from '../../tools/ladder-svg';
import { inEachLanguage, type NotesLanguage, type NotesRun, type Translated } from '../block-source';

/** The folder, in the notes directory, that holds the diagrams; both languages' pages link the same files. */
export const DIAGRAMS_DIR = 'diagrams';

const diagramFile = (block: string): string => `${DIAGRAMS_DIR}/${block}.svg`;

const endpoint = ({ address, port }: { address: string; port: number }): string => `${address}:${port}`;

const ALT: Translated = {
  en: 'Ladder diagram: client {client} and server {server}, {n} segments, listed as text below',
  id: 'Diagram tangga: client {client} dan server {server}, {n} segmen, dicantumkan sebagai teks di bawah',
};
const SUMMARY: Translated = { en: 'The {n} segments as text', id: '{n} segmen yang sama sebagai teks' };
const HEADER: Translated = {
  en: '| # | ms | direction | flags | seq | ack | len | data | marks |',
  id: '| # | ms | arah | *flag* | seq | ack | len | data | peristiwa |',
};
const TABLE_ALIGNMENT = '|---:|---:|---|---|---:|---:|---:|---|---|';

/** A table cell in code: its pipes escaped (GitHub splits cells at them even in code), its backticks fenced. */
function codeCell(text: string): string {
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${text.replace(/\|/g, '\\|')}${fence.split('').reverse().join('')}`;
}

/** The diagram as a table, row for row: the text alternative for readers who cannot see the picture, and what notes:check compares. */
function ladderTable(ladder: Ladder, language: NotesLanguage): string[] {
  const rows = [
    ...ladder.arrows.map((arrow, i) => {
      const { packet } = arrow;
      const cells = [String(i + 1), ...packetColumns(packet), arrow.text.map(codeCell).join('<br>'), arrow.notes.join('; ')];
      return { timeMs: packet.timeMs, line: `| ${cells.join(' | ')} |` };
    }),
    ...ladder.events.map((event) => ({ timeMs: event.timeMs, line: `| | ${event.timeMs.toFixed(3)} | | | | | | | **${event.text}** |` })),
  ].sort((a, b) => a.timeMs - b.timeMs);
  return [HEADER[language], TABLE_ALIGNMENT, ...rows.map((row) => row.line)];
}

export interface DiagramCase {
  block: string;
  /** The lines at the top of the diagram: the command that ran, and against what; no prose, so one file serves both languages. */
  title: string;
  subtitle: string;
  caption: Translated;
}

/** Writes the diagram's SVG beside the notes (run.filesDir) and returns its block: the image, the caption, the table. */
export function diagramBlock(run: NotesRun, diagram: DiagramCase, ladder: Ladder): Translated {
  const file = diagramFile(diagram.block);
  mkdirSync(join(run.filesDir, DIAGRAMS_DIR), { recursive: true });
  writeFileSync(join(run.filesDir, file), ladderSvg(ladder, { title: diagram.title, subtitle: diagram.subtitle }));
  const count = String(ladder.arrows.length);
  const fill = (template: string): string =>
    template.replace('{client}', endpoint(ladder.client)).replace('{server}', endpoint(ladder.server)).replace('{n}', count);
  return inEachLanguage((language) =>
    [
      `![${fill(ALT[language])}](${file})`,
      '',
      diagram.caption[language],
      '',
      `<details><summary>${fill(SUMMARY[language])}</summary>`,
      '',
      ...ladderTable(ladder, language),
      '',
      '</details>',
    ].join('\n'),
  );
}
