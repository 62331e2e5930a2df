/**
 * Debian's Chromium, headless, for the tests that look at report.html as an instructor's
 * browser shows it. A machine without it fails with one line naming the install command:
 * the browser test never skips.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { messageOnlyError } from '../../support/message-only-error';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw messageOnlyError(`The report test needs Debian's Chromium at ${CHROMIUM}, which is missing: run \`apt-get install chromium\`.`);
  // --no-sandbox: the tests run as root, and Chromium's sandbox refuses root.
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** Everything a page did that an instructor would not want: console errors, script errors, loads, dialogs. */
export interface PageTrouble {
  consoleErrors: string[];
  pageErrors: string[];
  /** Every URL the page asked for besides the report itself. */
  requests: string[];
  dialogs: string[];
}

/** Opens a file URL in a new page, recording every kind of trouble from the first byte on. */
export async function openWatched(browser: Browser, url: string): Promise<{ page: Page; trouble: PageTrouble }> {
  const page = await browser.newPage();
  const trouble: PageTrouble = { consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') trouble.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => trouble.pageErrors.push(String(error)));
  page.on('request', (request) => {
    if (request.url() !== url) trouble.requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    trouble.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, trouble };
}
