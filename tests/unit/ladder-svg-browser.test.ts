/**
 * A generated ladder diagram in a real browser (Debian's Chromium, headless), opened from
 * disk as a student opens it: it lays out at the size it declares, asks for nothing else (no
 * fonts, no images, no scripts), and its screenshot is a drawing, not a blank page: ink at the
 * top (title, headers), in the middle (the arrows, in the client's blue and the server's
 * green) and at the bottom (the legend).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWatched } from '../grader/support/browser';

/** The little of the DOM the functions run in the page use: the project's tsconfig has no DOM library. */
interface PixelCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } } | null;
}
declare const document: { documentElement: { getBoundingClientRect(): { width: number; height: number } }; createElement(tag: 'canvas'): PixelCanvas };
declare const Image: new () => { src: string; decode(): Promise<void>; naturalWidth: number; naturalHeight: number };

const DIAGRAM = join(resolve(__dirname, '..', '..'), 'lab-notes', 'diagrams', 'ladder-one-message.svg');
const svg = readFileSync(DIAGRAM, 'utf8');
const declared = { width: Number(/<svg [^>]*\bwidth="(\d+)"/.exec(svg)![1]), height: Number(/<svg [^>]*\bheight="(\d+)"/.exec(svg)![1]) };

interface Ink {
  width: number;
  height: number;
  /** Share of pixels that are not white, in the top, middle and bottom third. */
  thirds: number[];
  blue: number;
  green: number;
}

let browser: Browser;
let layout: { width: number; height: number };
let ink: Ink;
let trouble: Awaited<ReturnType<typeof openWatched>>['trouble'];

const BROWSER_START_MS = 60_000;

beforeAll(async () => {
  browser = await launchChromium();
  const opened = await openWatched(browser, pathToFileURL(DIAGRAM).href);
  trouble = opened.trouble;
  await opened.page.setViewport(declared);
  layout = await opened.page.evaluate(() => {
    const box = document.documentElement.getBoundingClientRect();
    return { width: box.width, height: box.height };
  });
  const png = await opened.page.screenshot({ encoding: 'base64', clip: { x: 0, y: 0, ...declared } });

  // The browser decodes its own screenshot: a canvas gives the pixels.
  const decoder = await browser.newPage();
  ink = await decoder.evaluate(async (data: string) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [image.naturalWidth, image.naturalHeight];
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data: pixels } = context.getImageData(0, 0, canvas.width, canvas.height);
    const inked = [0, 0, 0];
    let [blue, green] = [0, 0];
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
      const third = Math.min(2, Math.floor((i / 4 / canvas.width / canvas.height) * 3));
      if (r < 235 || g < 235 || b < 235) inked[third]!++;
      if (b > 150 && r < 90 && g < 120) blue++;
      if (g > 90 && r < 60 && b < 90) green++;
    }
    const perThird = (canvas.width * canvas.height) / 3;
    return { width: canvas.width, height: canvas.height, thirds: inked.map((count) => count / perThird), blue, green };
  }, png);
  // Starting Chromium takes well over the unit project's 10 s default on a loaded 2-core machine.
}, BROWSER_START_MS);

afterAll(async () => {
  await browser?.close();
});

describe('a generated ladder diagram in Chromium', () => {
  it('lays out at the size it declares, and its screenshot has that size', () => {
    expect(layout).toEqual(declared);
    expect({ width: ink.width, height: ink.height }).toEqual(declared);
  });

  it('is drawn, not blank: ink in every third, and arrows in both directions\' colours', () => {
    for (const share of ink.thirds) {
      expect(share).toBeGreaterThan(0.005);
      expect(share).toBeLessThan(0.5);
    }
    expect(ink.blue).toBeGreaterThan(500);
    expect(ink.green).toBeGreaterThan(300);
  });

  it('asks for nothing besides itself and logs no error', () => {
    expect(trouble).toEqual({ consoleErrors: [], pageErrors: [], requests: [], dialogs: [] });
  });
});
