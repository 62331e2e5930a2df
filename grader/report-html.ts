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
import { countOf, escapeHtml, formatNumber } from './report-markup';
import { submissionsTable } from './report-table';

export const REPORT_FILE = 'report.html';

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "40 submissions: 37 graded, 3 errors; mean 5.2, median 6, 12 with full marks" */
function summaryLine(grades: Grades): string {
  const graded = grades.submissions.filter((submission) => submission.status === 'graded');
  const scores = graded.map((submission) => submission.score ?? 0);
  const mean = scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + score, 0) / scores.length;
  const full = graded.filter((submission) => submission.maxScore > 0 && submission.score === submission.maxScore).length;
  const errors = grades.submissions.length - graded.length;
  return (
    `${countOf(grades.submissions.length, 'submission')}: ${graded.length} graded, ${countOf(errors, 'error')}; ` +
    `mean score ${formatNumber(mean)}, median ${formatNumber(median(scores))}, ${full} with full marks`
  );
}

const MIB = 1024 * 1024;

function limitsText(limits: GradeLimits): string {
  const seconds = (ms: number): string => `${formatNumber(ms / 1000)} s`;
  return [
    `memory ${formatNumber(limits.memoryBytes / MIB)} MiB`,
    `${limits.pids} processes`,
    `${formatNumber(limits.cpus)} CPU`,
    `/tmp ${formatNumber(limits.tmpBytes / MIB)} MiB`,
    `build ${seconds(limits.buildTimeoutMs)}`,
    ...(limits.startTimeoutMs === undefined ? [] : [`start ${seconds(limits.startTimeoutMs)}`]),
    `stage ${seconds(limits.stageTimeoutMs)}`,
    `submission ${seconds(limits.submissionTimeoutMs)}`,
    `output kept ${formatNumber(limits.outputBytes / 1024)} KiB`,
  ].join(', ');
}

function durationText(startedAt: string, finishedAt: string): string {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ` (${formatNumber(ms / 1000)} s)` : '';
}

function settingsList(grades: Grades): string {
  const { settings } = grades;
  const entries: [string, string][] = [
    ['level', escapeHtml(grades.level)],
    ['seed', `${grades.seed} (<code>charcount-check --seed ${grades.seed} --level ${escapeHtml(grades.level)} --submission DIR</code> replays a student's inputs)`],
    ['jobs', String(settings.jobs)],
    ['rubric', settings.rubric === null ? 'none (every stage worth 1 point)' : `<code>${escapeHtml(settings.rubric)}</code>`],
    ['limits', escapeHtml(limitsText(settings.limits))],
    ['started', localTime(settings.startedAt)],
    ['finished', `${localTime(settings.finishedAt)}${durationText(settings.startedAt, settings.finishedAt)}`],
    ['checker', settings.checkerVersion === null ? 'version unknown' : `charcount-check ${escapeHtml(settings.checkerVersion)}`],
  ];
  return ['<dl class="settings" id="settings">', ...entries.map(([term, value]) => `<dt>${term}</dt><dd data-setting="${term}">${value}</dd>`), '</dl>'].join('\n');
}

/** A time the page's script shows in the reader's own time zone (the ISO 8601 text until it runs). */
function localTime(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso)}</time>`;
}

/** The whole page; pure, so a test can render any class without touching the disk. */
export function renderReportHtml(grades: Grades): string {
  // Nothing may load: no other origin, no file, no image; only this style and this script run.
  const policy = `default-src 'none'; style-src ${cspHash(REPORT_STYLE)}; script-src ${cspHash(REPORT_SCRIPT)}; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>charcount-grade report: level ${escapeHtml(grades.level)}, seed ${grades.seed}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<h1>charcount-grade report</h1>',
    `<p class="summary" id="summary">${escapeHtml(summaryLine(grades))}</p>`,
    '<div class="charts">',
    `<section><h2>Score distribution</h2>\n${scoreDistributionSvg(scoreDistribution(grades))}</section>`,
    `<section><h2>Pass rate of each stage</h2>\n${stagePassRateSvg(stagePassRates(grades))}</section>`,
    '</div>',
    '<h2>Who did not pass each stage</h2>',
    '<p class="summary">Click a stage for the list of students; a name opens that student\'s feedback file.</p>',
    `<div class="stage-lists" id="stage-failures">${stageFailuresHtml(grades)}</div>`,
    '<h2>Submissions</h2>',
    '<p class="summary">Click a heading to sort by it; a name opens that student\'s feedback file (the folder\'s name on hover). Errors and missing submissions have no score.</p>',
    `<div class="table-scroll">${submissionsTable(grades)}</div>`,
    '<h2>Settings</h2>',
    settingsList(grades),
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Writes DIR/report.html whole or not at all: a reader never sees half a page. */
export async function writeReportHtml(outDir: string, grades: Grades): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const target = join(outDir, REPORT_FILE);
  const partial = `${target}.partial`;
  await writeFile(partial, renderReportHtml(grades), 'utf8');
  await rename(partial, target);
}
