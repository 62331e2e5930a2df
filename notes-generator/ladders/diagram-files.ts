/**
 * The committed diagrams against the blocks that show them. A block's table is what
 * notes:check compares with a fresh run; this makes sure the SVG beside it still draws that
 * same table (segment for segment: direction, flags, relative seq and ack, length), so a
 * diagram edited by hand, left stale, or missing fails the check too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import type { NotesPage } from '../notes-pages';
import { DIAGRAMS_DIR } from './diagram-block';

const DIAGRAM_LINK = /\]\(((?:\.\.\/)*diagrams\/[\w-]+\.svg)\)/;
const TABLE_ROW = /^\| \d+ \| [\d.]+ \| (client → server|server → client) \| ([A-Z+]+|none) \| (\d+) \| (\d*) \| (\d+) \|/gm;
const SEGMENT = /<g class="segment" ([^>]*)>/g;
const DIRECTIONS: Record<string, string> = { 'client-to-server': 'client → server', 'server-to-client': 'server → client' };

/** Each segment of the block's table, as one comparable line. */
function tableSegments(text: string): string[] {
  return [...text.matchAll(TABLE_ROW)].map(([, direction, flags, seq, ack, length]) => `${direction} ${flags} seq=${seq} ack=${ack} len=${length}`);
}

/** Each segment of an SVG the tools drew, read from the data attributes of its arrow's group. */
export function svgSegments(svg: string): string[] {
  return [...svg.matchAll(SEGMENT)].map(([, attributes]) => {
    const data = Object.fromEntries([...attributes!.matchAll(/data-([a-z]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]));
    return `${DIRECTIONS[data.direction!] ?? data.direction} ${data.flags} seq=${data.seq} ack=${data.ack} len=${data.len}`;
  });
}

function firstDifference(table: string[], drawn: string[]): string | undefined {
  for (let i = 0; i < Math.max(table.length, drawn.length); i++) {
    if (table[i] !== drawn[i]) return `segment ${i + 1}: the table has ${table[i] ?? 'nothing'}, the diagram ${drawn[i] ?? 'nothing'}`;
  }
  return undefined;
}

export function diagramFileProblems(pages: readonly NotesPage[], notesDir: string): string[] {
  const problems: string[] = [];
  const linked = new Set<string>();
  for (const { page, blocks } of pages) {
    for (const block of blocks) {
      const link = DIAGRAM_LINK.exec(block.text)?.[1];
      if (link === undefined) continue;
      const file = normalize(join(dirname(page), link));
      linked.add(file);
      const where = `${page}:${block.line}: block "${block.name}"`;
      const fix = `run npm run notes:generate -- --only ${block.name}`;
      if (!existsSync(join(notesDir, file))) {
        problems.push(`${where} shows ${file}, which does not exist; ${fix}`);
        continue;
      }
      const difference = firstDifference(tableSegments(block.text), svgSegments(readFileSync(join(notesDir, file), 'utf8')));
      if (difference !== undefined) problems.push(`${where} and ${file} disagree at ${difference}; ${fix}, and never edit either by hand`);
    }
  }
  const folder = join(notesDir, DIAGRAMS_DIR);
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.svg')) : [];
  for (const name of files) {
    const file = relative(notesDir, join(folder, name));
    if (!linked.has(file)) problems.push(`${file}: no generated block shows it; delete it, or add the block that draws it`);
  }
  return problems;
}
