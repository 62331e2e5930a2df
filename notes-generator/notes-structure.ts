import { ALL_BLOCKS } from './block-sources';
import { translatedPage, type NotesPage } from './notes-pages';

const names = (blocks: NotesPage['blocks']): string => blocks.map((block) => block.name).join(', ');

/**
 * Blocks the generator does not know, and translations whose blocks differ from the English
 * page's (names and order), so that a check of one page's blocks covers its translation too.
 */
export function pageProblems(pages: readonly NotesPage[]): string[] {
  const problems: string[] = [];
  for (const { page, blocks } of pages) {
    for (const block of blocks) {
      if (!ALL_BLOCKS.includes(block.name)) problems.push(`${page}:${block.line}: unknown block "${block.name}"; the blocks are: ${ALL_BLOCKS.join(', ')}`);
    }
    const original = translatedPage(page);
    if (original === undefined) continue;
    const english = pages.find((candidate) => candidate.page === original);
    if (!english) problems.push(`${page} translates ${original}, which does not exist`);
    else if (names(english.blocks) !== names(blocks)) {
      problems.push(`${page} must show the same generated blocks, in the same order, as ${original}:\n  ${original}: ${names(english.blocks)}\n  ${page}: ${names(blocks)}`);
    }
  }
  return problems;
}

/** Blocks the generator produces that no page shows. */
export function unshownBlocks(pages: readonly NotesPage[]): string[] {
  return ALL_BLOCKS.filter((name) => !pages.some((page) => page.blocks.some((block) => block.name === name))).map((name) => `no page shows block "${name}"`);
}

/** What is wrong with the notes before anything runs; blocks no page shows matter only when every block is wanted. */
export function structuralProblems(pages: readonly NotesPage[], only?: ReadonlySet<string>): string[] {
  return [...pageProblems(pages), ...(only ? [] : unshownBlocks(pages))];
}
