/**
 * The HTML report (--format html) as a student opens it from disk in Chromium: in the
 * report's language, no console error and no request besides the page itself (a strict
 * Content-Security-Policy, nothing to load), every stage with its trace, and for a failed
 * stage a sequence diagram whose arrows show the bytes the trace shows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../checker/export';
import { DEFAULT_EXPECTED_REPLY, totalScore, type CheckReport, type RecordedBytes, type RecordEvent, type StageResult } from '../../checker/model';
import type { Language } from '../../language';
import { launchChromium, openWatched, type PageTrouble } from '../grader/support/browser';

/** The little of the DOM the functions run in the page use: the project's tsconfig has no DOM library. */
interface Node {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
}
declare const document: { documentElement: Node & { lang: string }; querySelectorAll(selector: string): ArrayLike<Node> };

const recorded = (text: string): RecordedBytes => ({ length: Buffer.byteLength(text), base64: Buffer.from(text).toString('base64'), omitted: 0 });
const SENT = 'Kafé ok\\x';
const REPLY = 'Jumlah karakter dalam kalimat tersebut adalah 8';

const record: RecordEvent[] = [
  { at: 0, kind: 'program-start' },
  { at: 12, kind: 'connect', client: 'client 1', address: '127.0.0.1:12345' },
  { at: 13, kind: 'send', client: 'client 1', bytes: recorded(SENT.slice(0, 3)) },
  { at: 44, kind: 'send', client: 'client 1', bytes: recorded(SENT.slice(3)) },
  { at: 46, kind: 'receive', client: 'client 1', bytes: recorded(REPLY) },
  { at: 47, kind: 'fin-received', client: 'client 1' },
  { at: 47, kind: 'reply', client: 'client 1', bytes: recorded(REPLY), ending: 'close', elapsedMs: 33 },
  { at: 48, kind: 'program-output', line: '<script>alert(1)</script>' },
  { at: 60, kind: 'program-exit', code: 1, signal: null },
];

function failed(language: Language): StageResult {
  return {
    id: 'split-character',
    title: language === 'id' ? 'menghitung karakter yang terpotong di antara dua penulisan' : 'counts a character split across two writes',
    status: 'failed',
    points: 0,
    maxPoints: 1,
    durationMs: 61,
    message: 'expected 9, got 8',
    details: [
      '  sent:     "Kaf" "é ok\\\\x"',
      `  received: "${REPLY}"`,
      language === 'id' ? 'petunjuk: gabungkan seluruh pesan (lab-notes/id/write-your-server.md#3-split-character-dekode-seluruh-pesan-bukan-setiap-pembacaan)' : 'hint: join the whole message (lab-notes/write-your-server.md#3-split-character-decode-the-whole-message-not-each-read)',
    ],
    diagnoses: [],
    hint: { text: 'x', link: 'lab-notes/write-your-server.md' },
    record,
  };
}

function report(language: Language): CheckReport {
  const passed: StageResult = { ...failed(language), id: 'listen', title: 'listen', status: 'passed', points: 1, message: 'ok', details: [], record: [] };
  const stages = [passed, failed(language)];
  return { version: 2, language, level: 'assignment', seed: 5, ...totalScore(stages), target: 'python3 server.py', entry: null, expectedReply: DEFAULT_EXPECTED_REPLY, checkerVersion: '0.0.0-test', gradable: true, startError: null, stages };
}

interface Seen {
  lang: string;
  sections: { id: string | null; trace: string; diagramTexts: string[] }[];
  trouble: PageTrouble;
}

const BROWSER_START_MS = 60_000;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'charcount-html-'));
const seen: Partial<Record<Language, Seen>> = {};

beforeAll(async () => {
  browser = await launchChromium();
  for (const language of ['id', 'en'] as const) {
    const file = join(dir, `report-${language}.html`);
    writeFileSync(file, renderReport('html', report(language)));
    const { page, trouble } = await openWatched(browser, pathToFileURL(file).href);
    const dom = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      sections: Array.from(document.querySelectorAll('section.stage')).map((section) => ({
        id: section.getAttribute('id'),
        trace: section.querySelectorAll('pre.trace')[0]?.textContent ?? '',
        diagramTexts: Array.from(section.querySelectorAll('g.segment[data-kind="send"] text, g.segment[data-kind="receive"] text')).map((text) => text.textContent ?? ''),
      })),
    }));
    seen[language] = { ...dom, trouble };
  }
}, BROWSER_START_MS);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report in Chromium', () => {
  it.each(['id', 'en'] as const)('%s: loads nothing, runs nothing, logs no error (the server\'s <script> is text)', (language) => {
    expect(seen[language]!.trouble).toEqual({ consoleErrors: [], pageErrors: [], requests: [], dialogs: [] });
    expect(seen[language]!.lang).toBe(language);
  });

  it('shows every stage, and a diagram only for the failed one', () => {
    const sections = seen.id!.sections;
    expect(sections.map((section) => section.id)).toEqual(['stage-listen', 'stage-split-character']);
    expect(sections[0]!.diagramTexts).toEqual([]);
  });

  it('draws the bytes each way as the trace shows them, escapes and all', () => {
    const { trace, diagramTexts } = seen.en!.sections[1]!;
    const quoted = diagramTexts.filter((text) => text.startsWith('"'));
    expect(quoted).toEqual(['"Kaf"', '"é ok\\\\x"', `"${REPLY}"`]);
    for (const bytes of quoted) expect(trace).toContain(bytes);
  });

  it('speaks the report\'s language in the diagram', () => {
    expect(seen.id!.sections[1]!.diagramTexts).toContain('client 1: mengirim 3 byte');
    expect(seen.en!.sections[1]!.diagramTexts).toContain('client 1: sends 3 bytes');
  });
});
