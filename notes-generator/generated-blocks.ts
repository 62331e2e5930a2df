/**
 * The generated blocks of a Markdown page: `<!-- generated:NAME -->` on a line of its own,
 * the block's text, then `<!-- /generated -->`. Everything outside the markers is prose
 * written by hand; everything inside belongs to `npm run notes:generate`.
 */

export interface GeneratedBlock {
  name: string;
  /** The text between the two marker lines, without the newline that ends the last line. */
  text: string;
  /** 1-based line of the opening marker, for messages. */
  line: number;
}

const OPEN = /^<!-- generated:([a-z0-9-]+) -->$/;
const CLOSE = '<!-- /generated -->';
const ANY_MARKER = /<!--\s*\/?generated/;

export class MarkerError extends Error {}

export function findGeneratedBlocks(markdown: string, file: string): GeneratedBlock[] {
  const lines = markdown.split('\n');
  const blocks: GeneratedBlock[] = [];
  let open: { name: string; line: number; from: number } | undefined;
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    const opening = OPEN.exec(line);
    if (opening) {
      if (open) throw new MarkerError(`${where}: block "${opening[1]}" opens inside block "${open.name}"; close that one first with ${CLOSE}`);
      open = { name: opening[1]!, line: index + 1, from: index + 1 };
    } else if (line === CLOSE) {
      if (!open) throw new MarkerError(`${where}: ${CLOSE} closes no block; remove it or add <!-- generated:NAME --> above`);
      blocks.push({ name: open.name, text: lines.slice(open.from, index).join('\n'), line: open.line });
      open = undefined;
    } else if (ANY_MARKER.test(line)) {
      throw new MarkerError(`${where}: malformed marker "${line.trim()}"; write <!-- generated:NAME --> or ${CLOSE} alone on the line`);
    }
  });
  if (open) throw new MarkerError(`${file}:${open.line}: block "${open.name}" is never closed; add ${CLOSE} after it`);
  return blocks;
}

/** The page with the text of every block named in `texts` replaced; other blocks stay as they are. */
export function replaceGeneratedBlocks(markdown: string, file: string, texts: ReadonlyMap<string, string>): string {
  const lines = markdown.split('\n');
  const blocks = findGeneratedBlocks(markdown, file);
  for (const block of [...blocks].reverse()) {
    const text = texts.get(block.name);
    if (text === undefined) continue;
    const textLines = block.text === '' ? 0 : block.text.split('\n').length;
    lines.splice(block.line, textLines, ...text.replace(/\n+$/, '').split('\n'));
  }
  return lines.join('\n');
}
