/**
 * report.html: one static page for the instructor, openable offline (no external URL at
 * all: the style, the sorting script and the charts are inline). It shows the score
 * distribution and each stage's pass rate as charts, a sortable table of every submission
 * linking its feedback file, and the run's settings and seed.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GradeLimits, Grades } from './grades';
import { cspHash, REPORT_SCRIPT, REPORT_STYLE } from './report-assets';
import { stageFailuresHtml } from './report-stage-failures';
import { scoreDistribution, scoreDistributionSvg, stagePassRates, stagePassRateSvg } from './report-charts';
import { escapeHtml, formatNumber } from './report-markup';
import { submissionsTable } from './report-table';
import type { Language } from '../language';
import { REPORT_TEXTS } from './report-texts';

type Say = (typeof REPORT_TEXTS)[Language];

export const REPORT_FILE = 'report.html';

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "40 submissions: 37 graded, 3 errors; mean 5.2, median 6, 12 with full marks" */
function summaryLine(grades: Grades, say: Say): string {
  const graded = grades.submissions.filter((submission) => submission.status === 'graded');
  const scores = graded.map((submission) => submission.score ?? 0);
  const mean = scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + score, 0) / scores.length;
  const full = graded.filter((submission) => submission.maxScore > 0 && submission.score === submission.maxScore).length;
  const errors = grades.submissions.length - graded.length;
  return say.summary({ total: grades.submissions.length, graded: graded.length, errors, mean: formatNumber(mean), median: formatNumber(median(scores)), full });
}

const MIB = 1024 * 1024;

function limitsText(limits: GradeLimits, say: Say): string {
  const time = (ms: number): string => say.seconds({ seconds: formatNumber(ms / 1000) });
  return [
    say.memory({ mib: formatNumber(limits.memoryBytes / MIB) }),
    say.processes({ count: limits.pids }),
    say.cpu({ share: formatNumber(limits.cpus) }),
    say.tmp({ mib: formatNumber(limits.tmpBytes / MIB) }),
    say.buildLimit({ time: time(limits.buildTimeoutMs) }),
    ...(limits.startTimeoutMs === undefined ? [] : [say.startLimit({ time: time(limits.startTimeoutMs) })]),
    say.stageLimit({ time: time(limits.stageTimeoutMs) }),
    say.submissionLimit({ time: time(limits.submissionTimeoutMs) }),
    say.outputKept({ kib: formatNumber(limits.outputBytes / 1024) }),
  ].join(', ');
}

function durationText(startedAt: string, finishedAt: string, say: Say): string {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ` (${say.seconds({ seconds: formatNumber(ms / 1000) })})` : '';
}

/** Each setting: its id (data-setting, for tests and scripts), the term shown, its value as HTML. */
function settingsList(grades: Grades, say: Say): string {
  const { settings } = grades;
  const entries: [string, string, string][] = [
    ['level', say.level(), escapeHtml(grades.level)],
    ['seed', say.seed(), `${grades.seed} (<code>charcount-check --seed ${grades.seed} --level ${escapeHtml(grades.level)} --submission DIR</code> ${escapeHtml(say.replaysInputs())})`],
    ['jobs', say.jobs(), String(settings.jobs)],
    ['rubric', say.rubric(), settings.rubric === null ? escapeHtml(say.noRubric()) : `<code>${escapeHtml(settings.rubric)}</code>`],
    ['limits', say.limits(), escapeHtml(limitsText(settings.limits, say))],
    ['started', say.started(), localTime(settings.startedAt)],
    ['finished', say.finished(), `${localTime(settings.finishedAt)}${durationText(settings.startedAt, settings.finishedAt, say)}`],
    ['checker', say.checker(), settings.checkerVersion === null ? escapeHtml(say.versionUnknown()) : `charcount-check ${escapeHtml(settings.checkerVersion)}`],
  ];
  return ['<dl class="settings" id="settings">', ...entries.map(([id, term, value]) => `<dt>${escapeHtml(term)}</dt><dd data-setting="${id}">${value}</dd>`), '</dl>'].join('\n');
}

/** A time the page's script shows in the reader's own time zone (the ISO 8601 text until it runs). */
function localTime(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso)}</time>`;
}

/** The whole page; pure, so a test can render any class without touching the disk. */
export function renderReportHtml(grades: Grades, language: Language = 'en'): string {
  const say = REPORT_TEXTS[language];
  // Nothing may load: no other origin, no file, no image; only this style and this script run.
  const policy = `default-src 'none'; style-src ${cspHash(REPORT_STYLE)}; script-src ${cspHash(REPORT_SCRIPT)}; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(say.title({ level: grades.level, seed: grades.seed }))}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(say.heading())}</h1>`,
    `<p class="summary" id="summary">${escapeHtml(summaryLine(grades, say))}</p>`,
    '<div class="charts">',
    `<section><h2>${escapeHtml(say.scoreDistribution())}</h2>\n${scoreDistributionSvg(scoreDistribution(grades, language), language)}</section>`,
    `<section><h2>${escapeHtml(say.passRates())}</h2>\n${stagePassRateSvg(stagePassRates(grades), language)}</section>`,
    '</div>',
    `<h2>${escapeHtml(say.whoFailed())}</h2>`,
    `<p class="summary">${escapeHtml(say.whoFailedHelp())}</p>`,
    `<div class="stage-lists" id="stage-failures">${stageFailuresHtml(grades, language)}</div>`,
    `<h2>${escapeHtml(say.submissions())}</h2>`,
    `<p class="summary">${escapeHtml(say.submissionsHelp())}</p>`,
    `<div class="table-scroll">${submissionsTable(grades, language)}</div>`,
    `<h2>${escapeHtml(say.settings())}</h2>`,
    settingsList(grades, say),
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Writes DIR/report.html whole or not at all: a reader never sees half a page. */
export async function writeReportHtml(outDir: string, grades: Grades, language: Language = 'en'): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const target = join(outDir, REPORT_FILE);
  const partial = `${target}.partial`;
  await writeFile(partial, renderReportHtml(grades, language), 'utf8');
  await rename(partial, target);
}
