/**
 * What report.html shows, read from the page in the browser as plain data: the charts' bars
 * (label, count, title, size), the table as its cells' text, the links, the settings, and
 * signs that hostile markup ran. The function runs inside Chromium; the project's tsconfig
 * has no DOM library, so it is typed against the little of the DOM it uses.
 */
import type { Page } from 'puppeteer-core';

interface Node {
  textContent: string | null;
  href?: string;
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
  getBBox(): { width: number; height: number };
}
declare const document: Node;
declare const window: { hostileRan?: boolean };

export interface ShownReport {
  summary: string;
  scoreBars: { label: string; count: number; title: string; height: number }[];
  stageRates: { stage: string; value: string; title: string; fill: number; track: number }[];
  headings: string[];
  /** Cell text, row by row, as the table is now ordered. */
  rows: string[][];
  sortedBy: { heading: string; order: string | null } | null;
  links: { text: string; href: string }[];
  settings: Record<string, string>;
  scripts: number;
  images: number;
  hostileRan: boolean;
}

function readShownReport(): ShownReport {
  const all = (selector: string, root: Node = document): Node[] => Array.from(root.querySelectorAll(selector));
  const text = (node: Node | null): string => node?.textContent ?? '';
  const sorted = document.querySelector('#submissions th[aria-sort]');
  return {
    summary: text(document.querySelector('#summary')),
    scoreBars: all('svg g.bar').map((group) => ({
      label: text(group.querySelector('text.label')),
      count: Number(text(group.querySelector('text.count'))),
      title: text(group.querySelector('title')),
      height: group.querySelector('rect')!.getBBox().height,
    })),
    stageRates: all('svg g.rate').map((group) => ({
      stage: text(group.querySelector('text.stage')),
      value: text(group.querySelector('text.value')),
      title: text(group.querySelector('title')),
      fill: group.querySelector('rect.fill')!.getBBox().width,
      track: group.querySelector('rect.track')!.getBBox().width,
    })),
    headings: all('#submissions thead th').map(text),
    rows: all('#submissions tbody tr').map((row) => all('td', row).map(text)),
    sortedBy: sorted === null ? null : { heading: text(sorted), order: sorted.getAttribute('aria-sort') },
    links: all('#submissions tbody a').map((anchor) => ({ text: text(anchor), href: anchor.href ?? '' })),
    settings: Object.fromEntries(all('#settings dd').map((cell) => [cell.dataset.setting ?? '', text(cell)])),
    scripts: all('script').length,
    images: all('img').length,
    hostileRan: window.hostileRan === true,
  };
}

export function readReport(page: Page): Promise<ShownReport> {
  return page.evaluate(readShownReport);
}

/** One column of the table, top to bottom, by its heading. */
export function columnOf(shown: ShownReport, heading: string): string[] {
  const index = shown.headings.indexOf(heading);
  if (index === -1) throw new Error(`the table has no column "${heading}"; it has ${shown.headings.join(', ')}`);
  return shown.rows.map((cells) => cells[index] ?? '');
}

/** Clicks the sort button of a heading, as a person does. */
export async function clickHeading(page: Page, heading: string): Promise<void> {
  for (const button of await page.$$('#submissions thead button')) {
    if ((await button.evaluate((element) => (element as unknown as Node).textContent)) === heading) return button.click();
  }
  throw new Error(`no heading "${heading}" to click`);
}
