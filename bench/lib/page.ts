/** Writes a results file's chart and the generated blocks of lab-notes/performance.md and its translation (the prose stays as written). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sameInEachLanguage } from '../../notes-generator/block-source';
import { findGeneratedBlocks, replaceGeneratedBlocks } from '../../notes-generator/generated-blocks';
import { blockForPage } from '../../notes-generator/notes-pages';
import { renderSvg } from './chart';
import { PERFORMANCE_BLOCKS, renderPerformanceBlocks } from './page-blocks';
import { ROOT } from './peers';
import type { BenchResults } from './results';

export const CHART = join(ROOT, 'bench', 'results', 'performance.svg');
const NOTES = join(ROOT, 'lab-notes');
/** The pages that show the blocks, from lab-notes/: the English page and the Indonesian one, whose links go one folder further up. */
const PAGES = ['performance.md', 'id/performance.md'];

export function writePage(results: BenchResults): void {
  writeFileSync(CHART, renderSvg(results));
  const blocks = renderPerformanceBlocks(results);
  for (const notesPage of PAGES) {
    const file = join(NOTES, notesPage);
    const page = relative(ROOT, file);
    const markdown = readFileSync(file, 'utf8');
    const shown = new Set(findGeneratedBlocks(markdown, page).map((block) => block.name));
    const texts = new Map([...blocks].map(([name, text]) => [name, blockForPage(sameInEachLanguage(text), notesPage)]));
    writeFileSync(file, replaceGeneratedBlocks(markdown, page, texts));
    console.log(`lab notes: the generated blocks of ${page} (chart ${relative(ROOT, CHART)})`);
    const missing = PERFORMANCE_BLOCKS.filter((name) => !shown.has(name));
    if (missing.length > 0) console.log(`note: ${page} shows no ${missing.join(', ')}; add <!-- generated:NAME --> markers where they belong`);
  }
}

/** The tables of any results file, for the terminal (--report-only --out FILE). */
export function previewBlocks(results: BenchResults): string {
  return [...renderPerformanceBlocks(results)].map(([name, text]) => `<!-- ${name} -->\n${text}`).join('\n\n');
}
