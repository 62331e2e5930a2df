/**
 * Every relative link in the lab notes (both languages) points at a file that exists and, when
 * it names a heading, at a heading that exists, with GitHub's anchor rules. Every Indonesian
 * page is reachable from id/README.md and links to the English page it translates.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf } from '../support/markdown-anchors';

const ROOT = resolve(__dirname, '..', '..');
const NOTES = join(ROOT, 'lab-notes');
const PAGES = ['README.md', ...readdirSync(NOTES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => `lab-notes/${file}`)];

const links = PAGES.flatMap((page) => {
  const markdown = readFileSync(join(ROOT, page), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => ({ page, target }));
});

/** The file a link points at, from the repository root. */
function linkedFile({ page, target }: { page: string; target: string }): string {
  const path = target.split('#')[0]!;
  return relative(ROOT, path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), path));
}

describe('links in the lab notes', () => {
  it('there are links to check', () => {
    expect(links.length).toBeGreaterThan(50);
  });

  it.each(links)('$page → $target', ({ page, target }) => {
    const anchor = target.split('#')[1];
    const file = join(ROOT, linkedFile({ page, target }));
    expect(existsSync(file), `${target} from ${page}: no file ${file}`).toBe(true);
    if (anchor === undefined) return;
    if (file.endsWith('.md')) expect([...anchorsOf(readFileSync(file, 'utf8'))], `${target} from ${page}`).toContain(anchor);
    else expect(anchor, `${target} from ${page}: a line anchor`).toMatch(/^L\d+$/);
  });
});

describe('the Indonesian pages', () => {
  const INDEX = 'lab-notes/id/README.md';
  const indonesian = PAGES.filter((page) => page.startsWith('lab-notes/id/'));
  const linksFrom = (page: string): string[] => links.filter((link) => link.page === page).map(linkedFile);

  it.each(indonesian.filter((page) => page !== INDEX))(`%s is linked from ${INDEX}`, (page) => {
    expect(linksFrom(INDEX)).toContain(page);
  });

  it.each(indonesian)('%s links to the English page it translates', (page) => {
    expect(linksFrom(page)).toContain(page.replace('lab-notes/id/', 'lab-notes/'));
  });

  // A reader of the Indonesian notes stays in Indonesian: an English page is linked only as
  // the original of the page itself, or where no translation exists.
  it.each(indonesian)('%s links to no English page that has an Indonesian translation', (page) => {
    const original = page.replace('lab-notes/id/', 'lab-notes/');
    const english = linksFrom(page).filter((file) => file !== original && file.endsWith('.md') && !file.startsWith('lab-notes/id/'));
    const translated = english.filter((file) => file.startsWith('lab-notes/') && existsSync(join(ROOT, file.replace('lab-notes/', 'lab-notes/id/'))));
    expect(translated, `${page} links English pages; link their translations in lab-notes/id/`).toEqual([]);
  });
});
