/**
 * Prose that quotes a generated block (a row number, a count, a log line) agrees with the
 * block as committed, in both languages, and the check fails, naming page, block and quote,
 * as soon as either the block or the prose changes alone.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNotesPages, type NotesPage } from '../../notes-generator/notes-pages';
import { PROSE_QUOTES, proseQuoteProblems } from '../../notes-generator/prose-quotes';

const NOTES = join(resolve(__dirname, '..', '..'), 'lab-notes');
const pages = readNotesPages(NOTES);

/** The pages with one page's markdown rewritten, its blocks found again. */
function withPage(name: string, rewrite: (markdown: string) => string): NotesPage[] {
  const changed = readNotesPages(NOTES).map((page) => (page.page === name ? { ...page, markdown: rewrite(page.markdown) } : page));
  return changed.map((page) => (page.page === name ? { ...page, blocks: reparsed(page) } : page));
}
function reparsed(page: NotesPage): NotesPage['blocks'] {
  const lines = page.markdown.split('\n');
  return page.blocks.map((block) => {
    const line = lines.indexOf(`<!-- generated:${block.name} -->`) + 1;
    const end = lines.indexOf('<!-- /generated -->', line);
    return { ...block, line, text: lines.slice(line, end).join('\n') };
  });
}

describe('prose that quotes a generated block', () => {
  it('there are quotes on the analysis guide, the README and the answer key (checked on their translations too)', () => {
    expect(new Set(PROSE_QUOTES.map((quote) => quote.page))).toEqual(new Set(['analysis.md', 'README.md', 'answer-key.md']));
  });

  it('every quote in the committed notes is what its block shows', () => {
    expect(proseQuoteProblems(pages)).toEqual([]);
  });

  it('fails, naming page, block and quote, when a block changes and the prose does not', () => {
    // One read fewer before the first message of the tcp-stream block.
    const changed = withPage('analysis.md', (markdown) => markdown.replace(/^.* DEBUG .* read 3 bytes "an "\n/m, ''));
    expect(proseQuoteProblems(changed)).toEqual([
      'analysis.md: the reads of the first message (from block "tcp-stream"): the prose must say "The first message took 12 reads", which the block shows; the block changed or the prose did, make them agree',
      'answer-key.md: the reads of the dribbled message and its bytes (from block "tcp-stream" of analysis.md): the prose must say "12 reads for 39 bytes", which the block shows; the block changed or the prose did, make them agree',
    ]);
  });

  it('fails when the prose changes and the block does not, on the Indonesian page too', () => {
    const changed = withPage('id/analysis.md', (markdown) => markdown.replace('baris 11 sampai 13 dari transkrip', 'baris 11 sampai 14 dari transkrip'));
    expect(proseQuoteProblems(changed)).toEqual([
      'id/analysis.md: the rows that show the connection outlives an error (from block "lab-transcript"): the prose must say "baris 11 sampai 13 dari transkrip", which the block shows; the block changed or the prose did, make them agree',
    ]);
  });

  it('checks the Indonesian answer key against its own blocks, in Indonesian', () => {
    const changed = withPage('id/answer-key.md', (markdown) => markdown.replace('*satu* segmen berukuran 1.501 byte', '*satu* segmen berukuran 1.448 byte'));
    expect(proseQuoteProblems(changed)).toEqual([
      'id/answer-key.md: the one data segment of the client\'s 1,500-byte message (from block "capture-1500-bytes"): the prose must say "*satu* segmen berukuran 1.501 byte", which the block shows; the block changed or the prose did, make them agree',
    ]);
  });

  it('says when a block no longer shows what a quote reads off it', () => {
    const changed = withPage('answer-key.md', (markdown) => markdown.replace(/ {2}UNANSWERED$/m, '  ok'));
    expect(proseQuoteProblems(changed)).toEqual([
      'answer-key.md: the killed server\'s unanswered message (from block "shutdown-kill"): the block shows no unanswered dribbled message; update the prose and this quote in notes-generator/prose-quotes.ts',
    ]);
  });
});
