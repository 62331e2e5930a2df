import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { NotesLanguage, Translated } from './block-source';
import { findGeneratedBlocks, type GeneratedBlock } from './generated-blocks';

export interface NotesPage {
  /** Path relative to the notes directory, with forward slashes, e.g. "id/analysis.md". */
  page: string;
  markdown: string;
  blocks: GeneratedBlock[];
}

/** Every Markdown page under the notes directory, with its generated blocks. */
export function readNotesPages(notesDir: string, shownDir = 'lab-notes'): NotesPage[] {
  const files = readdirSync(notesDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => relative(notesDir, join(notesDir, file)).split(sep).join('/'))
    .sort();
  return files.map((page) => {
    const markdown = readFileSync(join(notesDir, page), 'utf8');
    return { page, markdown, blocks: findGeneratedBlocks(markdown, `${shownDir}/${page}`) };
  });
}

/**
 * Blocks are written once for pages at the top of the notes directory; on a page further
 * down (the Indonesian id/ pages, id/scripts/) their relative links need one "../" per folder.
 */
export function linksForPage(text: string, page: string): string {
  const depth = page.split('/').length - 1;
  if (depth === 0) return text;
  return text.replace(/\]\((?![a-z]+:|#|\/)/g, `](${'../'.repeat(depth)}`);
}

const INDONESIAN = 'id/';

/** The English page an Indonesian page translates ("id/analysis.md" -> "analysis.md"). */
export function translatedPage(page: string): string | undefined {
  return page.startsWith(INDONESIAN) ? page.slice(INDONESIAN.length) : undefined;
}

export function pageLanguage(page: string): NotesLanguage {
  return page.startsWith(INDONESIAN) ? 'id' : 'en';
}

/** A block as a page shows it: its captions and headers in the page's language, its links from the page's folder. */
export function blockForPage(text: Translated, page: string): string {
  return linksForPage(text[pageLanguage(page)], page);
}
