/**
 * report.html in a real headless browser (Debian's Chromium): written for a sample class
 * whose numbers were worked out by hand, opened from disk as an instructor opens it, and read
 * back the way a person reads it: the charts' labels, titles and bar sizes, the table's
 * order after a click, where each link goes, and what hostile folder names do (nothing).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_DIR, feedbackFileName, feedbackPageName } from '../../grader/grades';
import { REPORT_FILE, writeReportHtml } from '../../grader/report-html';
import { launchChromium, openWatched, type PageTrouble } from './support/browser';
import { clickHeading, columnOf, readReport, type ShownReport } from './support/report-page';
import {
  EXPECTED_PASS_RATES,
  EXPECTED_SCORE_BARS,
  GRADED_COUNT,
  HOSTILE_PATH_NAME,
  HOSTILE_QUOTES_NAME,
  HOSTILE_SCRIPT_NAME,
  sampleClass,
} from './support/sample-class';

/** The little of the DOM the page-side callbacks below use (the project's tsconfig has no DOM library). */
interface Box {
  scrollWidth: number;
  clientWidth: number;
}
declare const document: { documentElement: Box; querySelector(selector: string): Box | null };
declare function getComputedStyle(element: unknown): { color: string };

const PLOT_HEIGHT = 160;
const grades = sampleClass();
let outDir: string;
let browser: Browser;
let page: Page;
let trouble: PageTrouble;
/** The page as it first rendered, before any click. */
let shown: ShownReport;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'charcount-report-'));
  await writeReportHtml(outDir, grades);
  // The grader writes one feedback file per submission under this name; so does this test.
  mkdirSync(join(outDir, FEEDBACK_DIR));
  for (const submission of grades.submissions) {
    writeFileSync(join(outDir, FEEDBACK_DIR, feedbackFileName(submission.name)), `# ${submission.name}\n`);
    if (submission.status === 'graded') writeFileSync(join(outDir, FEEDBACK_DIR, feedbackPageName(submission.name)), `<p>${submission.name.length}</p>\n`);
  }
  browser = await launchChromium();
  ({ page, trouble } = await openWatched(browser, pathToFileURL(join(outDir, REPORT_FILE)).href));
  shown = await readReport(page);
});

afterAll(async () => {
  await browser?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('report.html in Chromium', () => {
  it('renders with no console error, no script error, no dialog and no request beyond the file itself', () => {
    expect(trouble).toEqual({ consoleErrors: [], pageErrors: [], requests: [], dialogs: [] });
  });

  it('the score distribution shows, per score, the number of submissions as a label, a title and a bar height', () => {
    expect(shown.scoreBars.map(({ label, count }) => [label, count])).toEqual(EXPECTED_SCORE_BARS);
    const largest = Math.max(...EXPECTED_SCORE_BARS.map(([, count]) => count));
    for (const [index, [label, count]] of EXPECTED_SCORE_BARS.entries()) {
      const bar = shown.scoreBars[index]!;
      expect(bar.height, `bar ${label}`).toBeCloseTo((count / largest) * PLOT_HEIGHT, 1);
      const noun = count === 1 ? 'submission' : 'submissions';
      expect(bar.title).toBe(label === 'error' ? `not graded (error): ${count} ${noun}` : `score ${label}/8: ${count} ${noun}`);
    }
  });

  it('the stage chart shows each stage passed by how many graded submissions, as text, title and bar length', () => {
    expect(shown.stageRates.map(({ stage }) => stage)).toEqual(EXPECTED_PASS_RATES.map(([id]) => id));
    for (const [index, [id, passed]] of EXPECTED_PASS_RATES.entries()) {
      const rate = shown.stageRates[index]!;
      const percent = `${Math.round((passed / GRADED_COUNT) * 100)}%`;
      expect(rate.value).toBe(`${passed}/${GRADED_COUNT} (${percent})`);
      expect(rate.title).toBe(`${id}: passed by ${passed} of ${GRADED_COUNT} graded submissions (${percent})`);
      expect(rate.fill / rate.track, id).toBeCloseTo(passed / GRADED_COUNT, 2);
    }
  });

  it('the summary and the settings show the run: counts, seed, jobs, limits, times, checker', () => {
    expect(shown.summary).toBe('9 submissions: 8 graded, 1 error; mean score 5.63, median 6, 2 with full marks');
    const { settings } = shown;
    expect(settings.seed).toContain('424242');
    expect(settings.seed).toContain('charcount-check --seed 424242 --level assignment');
    expect(settings.jobs).toBe('2');
    expect(settings.rubric).toBe('none (every stage worth 1 point)');
    expect(settings.limits).toBe('memory 256 MiB, 64 processes, 0.5 CPU, /tmp 16 MiB, build 300 s, start 10 s, stage 60 s, submission 300 s, output kept 64 KiB');
    // In the reader's own time zone (the browser's here: UTC), not the ISO text the file holds.
    expect(settings.finished).toMatch(/^Mar 2, 2026, 9:01:30\sAM \S+ \(90\.5 s\)$/);
    expect(settings.checker).toBe('charcount-check 0.1.0');
  });

  it('the table starts in name order; a click on score sorts ascending, a second click descending', async () => {
    const names = grades.submissions.map((submission) => submission.name).sort((a, b) => a.localeCompare(b));
    expect(columnOf(shown, 'submission')).toEqual(names);
    await clickHeading(page, 'score');
    let now = await readReport(page);
    // An error has no score at all: it sorts below every score, shown as a dash, never 0/8.
    expect(columnOf(now, 'score')).toEqual(['—', '0/8', '5/8', '5/8', '6/8', '6/8', '7/8', '8/8', '8/8']);
    expect(now.sortedBy).toEqual({ heading: 'score', order: 'ascending' });
    await clickHeading(page, 'score');
    now = await readReport(page);
    expect(columnOf(now, 'score')).toEqual(['8/8', '8/8', '7/8', '6/8', '6/8', '5/8', '5/8', '0/8', '—']);
    expect(now.sortedBy).toEqual({ heading: 'score', order: 'descending' });
    await clickHeading(page, 'long-message');
    now = await readReport(page);
    // No stage (the error row) first, then failed and not run (in their previous order: sorting is stable), then passed.
    expect(columnOf(now, 'long-message')).toEqual(['', 'fail', 'fail', 'fail', 'not run', 'pass', 'pass', 'pass', 'pass']);
    await clickHeading(page, 'submission');
    expect(columnOf(await readReport(page), 'submission')).toEqual(names);
  });

  it('every name links to its own feedback page inside feedback/ (the checker\'s HTML page; the Markdown file for an error), which exists, ../../etc/passwd included', () => {
    expect(shown.links.map(({ text }) => text).sort()).toEqual(grades.submissions.map((submission) => submission.name).sort());
    for (const { text, href } of shown.links) {
      const graded = grades.submissions.find((submission) => submission.name === text)!.status === 'graded';
      expect(relative(join(outDir, FEEDBACK_DIR), fileURLToPath(href)), text).toBe(graded ? feedbackPageName(text) : feedbackFileName(text));
      expect(existsSync(fileURLToPath(href)), href).toBe(true);
    }
    expect(shown.links.find(({ text }) => text === HOSTILE_PATH_NAME)?.href).toMatch(/\/feedback\/[^/]+$/u);
  });

  it('hostile names (<script>, quotes, an onerror attribute) show as text and run nothing', () => {
    expect(shown.hostileRan).toBe(false);
    expect(trouble.dialogs).toEqual([]);
    expect(shown.scripts).toBe(1);
    expect(shown.images).toBe(0);
    expect(columnOf(shown, 'submission')).toEqual(expect.arrayContaining([HOSTILE_SCRIPT_NAME, HOSTILE_QUOTES_NAME]));
  });

  it('shows times in the instructor\'s own time zone', async () => {
    const jakarta = await browser.newPage();
    await jakarta.emulateTimezone('Asia/Jakarta');
    await jakarta.goto(page.url(), { waitUntil: 'load' });
    const finished = await jakarta.$eval('[data-setting="finished"]', (element) => element.textContent);
    expect(finished).toMatch(/^Mar 2, 2026, 4:01:30\sPM GMT\+7 \(90\.5 s\)$/);
    await jakarta.close();
  });

  it('lists who did not pass a stage when the stage is clicked', async () => {
    const stage = '[data-stage="long-message"]';
    expect(await page.$eval(stage, (element) => (element as unknown as { open: boolean }).open)).toBe(false);
    await page.click(`${stage} summary`);
    const listed = await page.$$eval(`${stage} li a`, (links) => links.map((link) => [link.textContent, link.getAttribute('title')]));
    const expected = grades.submissions
      .filter((submission) => submission.status === 'graded' && submission.stages.some((result) => result.id === 'long-message' && result.status !== 'passed'))
      .map((submission) => [submission.name, submission.name]);
    expect(listed).toEqual(expected);
    expect(await page.$eval(`${stage} summary`, (element) => element.textContent)).toMatch(new RegExp(`^long-message: not passed by ${expected.length} students of 8 `));
  });

  it('shows an error apart from the scores: its own status colour, no score, and its own bar', async () => {
    const row = await page.$eval('tr.error', (element) => ({
      status: element.querySelector('.status-error')?.textContent,
      colour: getComputedStyle(element.querySelector('.status-error')!).color,
      score: element.querySelector('.no-score')?.textContent,
    }));
    expect(row).toEqual({ status: 'error', colour: 'rgb(142, 36, 170)', score: '—' });
    expect(shown.scoreBars.at(-1)).toMatchObject({ label: 'error', count: 1 });
  });

  it('fits a 1300 px wide window without horizontal scrolling', async () => {
    await page.setViewport({ width: 1300, height: 900 });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: document.documentElement.clientWidth,
      table: document.querySelector('.table-scroll')!.scrollWidth,
      tableBox: document.querySelector('.table-scroll')!.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    expect(widths.table).toBeLessThanOrEqual(widths.tableBox);
  });
});
