import { ALL_BLOCKS } from './block-sources';
import { translatedPage, type NotesPage } from './notes-pages';

const names = (blocks: NotesPage['blocks']): string => blocks.map((block) => block.name).join(', ');

/**
 * What is wrong with the notes before anything runs: blocks the generator does not know,
 * translations whose blocks differ from the English page's (so a check of one covers the
 * other), and, unless only some blocks are wanted, blocks no page shows.
 */
export function structuralProblems(pages: readonly NotesPage[], only?: ReadonlySet<string>): string[] {
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
  if (!only) {
    for (const name of ALL_BLOCKS) {
      if (!pages.some((page) => page.blocks.some((block) => block.name === name))) problems.push(`no page shows block "${name}"`);
    }
  }
  return problems;
}
