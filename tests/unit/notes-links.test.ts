/**
 * Every relative link in the lab notes (both languages) points at a file that exists and, when
 * it names a heading, at a heading that exists, with GitHub's anchor rules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const NOTES = join(ROOT, 'lab-notes');
const PAGES = ['README.md', ...readdirSync(NOTES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => `lab-notes/${file}`)];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  return new Set(
    [...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
      match[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

const links = PAGES.flatMap((page) => {
  const markdown = readFileSync(join(ROOT, page), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => ({ page, target }));
});

describe('links in the lab notes', () => {
  it('there are links to check', () => {
    expect(links.length).toBeGreaterThan(50);
  });

  it.each(links)('$page → $target', ({ page, target }) => {
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), path);
    expect(existsSync(file), `${target} from ${page}: no file ${file}`).toBe(true);
    if (anchor === undefined) return;
    if (file.endsWith('.md')) expect([...anchorsOf(readFileSync(file, 'utf8'))], `${target} from ${page}`).toContain(anchor);
    else expect(anchor, `${target} from ${page}: a line anchor`).toMatch(/^L\d+$/);
  });
});
