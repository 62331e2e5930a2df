/**
 * The notes' generated blocks: how the markers are found and replaced, what the check
 * normalizes away (and what it must not), the diff it prints, blocks on translated pages
 * (their language and links), and that the committed Indonesian pages show the same blocks
 * as the English pages they translate.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGeneratedBlocks, MarkerError, replaceGeneratedBlocks } from '../../notes-generator/generated-blocks';
import { lineDiff } from '../../notes-generator/line-diff';
import { normalizeBlockText } from '../../notes-generator/normalize';
import { blockForPage, linksForPage, pageLanguage, readNotesPages, translatedPage, type NotesPage } from '../../notes-generator/notes-pages';
import { pageProblems, structuralProblems, unshownBlocks } from '../../notes-generator/notes-structure';

const NOTES = join(resolve(__dirname, '..', '..'), 'lab-notes');

const PAGE = ['# Title', 'prose', '<!-- generated:first -->', 'old 1', 'old 2', '<!-- /generated -->', 'more prose', '<!-- generated:second -->', '<!-- /generated -->', ''].join('\n');

describe('generated block markers', () => {
  it('finds each block with its name, its text and the line of its opening marker', () => {
    expect(findGeneratedBlocks(PAGE, 'page.md')).toEqual([
      { name: 'first', text: 'old 1\nold 2', line: 3 },
      { name: 'second', text: '', line: 8 },
    ]);
  });

  it('replaces the text of the named blocks only, and leaves the prose as it was', () => {
    const updated = replaceGeneratedBlocks(PAGE, 'page.md', new Map([['second', 'new A\nnew B\n']]));
    expect(updated).toBe(PAGE.replace('<!-- generated:second -->\n', '<!-- generated:second -->\nnew A\nnew B\n'));
    expect(replaceGeneratedBlocks(updated, 'page.md', new Map([['second', 'new A\nnew B']]))).toBe(updated);
    expect(findGeneratedBlocks(replaceGeneratedBlocks(PAGE, 'page.md', new Map([['first', 'x']])), 'page.md')[0]!.text).toBe('x');
  });

  it.each([
    ['a block that is never closed', '<!-- generated:a -->\ntext', 'page.md:1: block "a" is never closed'],
    ['a block opened inside another', '<!-- generated:a -->\n<!-- generated:b -->', 'page.md:2: block "b" opens inside block "a"'],
    ['a closing marker with no block', 'text\n<!-- /generated -->', 'page.md:2: <!-- /generated --> closes no block'],
    ['a malformed marker', '<!-- generated: a -->', 'page.md:1: malformed marker'],
  ])('rejects %s with one message naming the file and line', (_what, markdown, message) => {
    expect(() => findGeneratedBlocks(markdown, 'page.md')).toThrow(MarkerError);
    expect(() => findGeneratedBlocks(markdown, 'page.md')).toThrow(message);
  });
});

describe('normalization before comparing', () => {
  it('hides clock times, client ports, container addresses, durations and column widths', () => {
    const first = '2026-11-24T00:11:48.837Z INFO  connection from 172.18.0.3:39710 (1 open)\n 1  "Halo"   4   4.5  ok\nafter 1.0 s, p50 0.7 ms';
    const second = '2027-01-02T10:00:00.001Z INFO  connection from 172.19.0.4:51000 (1 open)\n 1  "Halo"      4  151.4  ok\nafter 2.5 s, p50 12 ms';
    expect(normalizeBlockText(first)).toBe(normalizeBlockText(second));
  });

  it('keeps what a student must see exactly: counts, the lab port 12345, 127.0.0.1 and the words', () => {
    const shown = 'listening on port 12345\n127.0.0.1:39710 "Kafé" -> 4 characters\nJumlah karakter dalam kalimat tersebut adalah 10';
    const normalized = normalizeBlockText(shown);
    expect(normalized).toContain('port 12345');
    expect(normalized).toContain('127.0.0.1:<port> "Kafé" -> 4 characters');
    expect(normalized).toContain('adalah 10');
    expect(normalizeBlockText(shown.replace('adalah 10', 'adalah 11'))).not.toBe(normalized);
    expect(normalizeBlockText(shown.replace('port 12345', 'port 12346'))).not.toBe(normalized);
  });
});

describe('the difference shown when a block changed', () => {
  it('marks committed lines with - and fresh lines with +, with unchanged context around them', () => {
    const committed = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n');
    const fresh = ['a', 'b', 'c', 'D', 'e', 'f', 'g'].join('\n');
    expect(lineDiff(committed, fresh).split('\n')).toEqual(['  …', '  b', '  c', '- d', '+ D', '  e', '  f', '  …']);
  });
});

describe('blocks on translated pages', () => {
  it('adds one ../ to relative links on a page one folder down, and leaves web and in-page links alone', () => {
    const text = '[a](../server/x.ts#L3) [b](scripts/README.md) [c](https://nodejs.org/api/net.html) [d](#top)';
    expect(linksForPage(text, 'analysis.md')).toBe(text);
    expect(linksForPage(text, 'id/analysis.md')).toBe('[a](../../server/x.ts#L3) [b](../scripts/README.md) [c](https://nodejs.org/api/net.html) [d](#top)');
  });

  it('adds one ../ per folder on a page two folders down', () => {
    expect(linksForPage('[a](../protocol/x.ts#L3)', 'id/scripts/README.md')).toBe('[a](../../../protocol/x.ts#L3)');
  });

  it('pairs an Indonesian page with the English page it translates', () => {
    expect(translatedPage('id/analysis.md')).toBe('analysis.md');
    expect(translatedPage('id/scripts/README.md')).toBe('scripts/README.md');
    expect(translatedPage('analysis.md')).toBeUndefined();
  });

  it('shows a block in the language of its page, with the links from its folder', () => {
    const block = { en: '*Terminal 1, the server:*\n[x](../server/a.ts#L1)', id: '*Terminal 1, server:*\n[x](../server/a.ts#L1)' };
    expect(pageLanguage('socket-lifecycle.md')).toBe('en');
    expect(pageLanguage('id/socket-lifecycle.md')).toBe('id');
    expect(blockForPage(block, 'socket-lifecycle.md')).toBe(block.en);
    expect(blockForPage(block, 'id/socket-lifecycle.md')).toBe('*Terminal 1, server:*\n[x](../../server/a.ts#L1)');
  });
});

describe('the pages of the notes', () => {
  const page = (name: string, ...blocks: string[]): NotesPage => ({ page: name, markdown: '', blocks: blocks.map((block, index) => ({ name: block, text: '', line: index + 1 })) });

  it('every Indonesian page shows the same generated blocks, in the same order, as the English page it translates, and every block is a known one', () => {
    const pages = readNotesPages(NOTES);
    expect(pages.filter((notesPage) => pageLanguage(notesPage.page) === 'id').length).toBeGreaterThanOrEqual(7);
    expect(pageProblems(pages)).toEqual([]);
  });

  it('every block the generator produces is shown on a page', () => {
    expect(unshownBlocks(readNotesPages(NOTES))).toEqual([]);
  });

  it('names a translation whose blocks differ from the English page, and one that translates no page', () => {
    const pages = [page('setup.md', 'container-addresses', 'compose-server-log'), page('id/setup.md', 'compose-server-log', 'container-addresses'), page('id/lost.md')];
    const problems = structuralProblems(pages, new Set(['container-addresses']));
    expect(structuralProblems(pages)).toEqual([...problems, ...unshownBlocks(pages)]);
    expect(problems).toEqual([
      'id/setup.md must show the same generated blocks, in the same order, as setup.md:\n  setup.md: container-addresses, compose-server-log\n  id/setup.md: compose-server-log, container-addresses',
      'id/lost.md translates lost.md, which does not exist',
    ]);
  });
});
