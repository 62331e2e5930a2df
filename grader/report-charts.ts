/**
 * report.html's two charts, as inline SVG (no script, no external file): the score
 * distribution and each stage's pass rate. Every bar carries its number as a text label and
 * a <title> in words, so a person reads the exact figure and a test can check it.
 */
import type { Grades, SubmissionGrade } from './grades';
import { escapeHtml, formatNumber, formatPercent } from './report-markup';
import type { Language } from '../language';
import { REPORT_TEXTS } from './report-texts';

export interface ScoreBar {
  label: string;
  count: number;
  title: string;
  kind: 'score' | 'error';
}

export interface StagePassRate {
  id: string;
  title: string;
  passed: number;
  /** Graded submissions for which the stage carried points. */
  scored: number;
}

/** With at most this many points, and whole ones, the histogram has one bar per score. */
const MAX_BARS_PER_SCORE = 40;
const PERCENT_BINS = 10;

const graded = (grades: Grades): SubmissionGrade[] => grades.submissions.filter((submission) => submission.status === 'graded');

/**
 * One bar per possible score (0..max) when every graded submission has the same whole-point
 * maximum, else ten bins of the percentage; then one bar for the submissions that could not
 * be graded at all, kept apart so a zero earned and a missing server.py are not confused.
 */
export function scoreDistribution(grades: Grades, language: Language = 'en'): ScoreBar[] {
  const say = REPORT_TEXTS[language];
  const scored = graded(grades);
  const maxima = new Set(scored.map((submission) => submission.maxScore));
  const [max] = maxima;
  const perScore =
    max !== undefined && maxima.size === 1 && Number.isInteger(max) && max <= MAX_BARS_PER_SCORE && scored.every((submission) => Number.isInteger(submission.score));
  const bars: ScoreBar[] = perScore
    ? Array.from({ length: max + 1 }, (_, score) => {
        const count = scored.filter((submission) => submission.score === score).length;
        return { label: String(score), count, title: say.scoreBar({ range: `${score}/${max}`, count }), kind: 'score' };
      })
    : percentBins(scored, language);
  const errors = grades.submissions.filter((submission) => submission.status === 'error').length;
  const missing = grades.submissions.filter((submission) => submission.status === 'missing').length;
  if (errors > 0) bars.push({ label: say.error(), count: errors, title: say.errorBar({ count: errors }), kind: 'error' });
  if (missing > 0) bars.push({ label: say.missing(), count: missing, title: say.missingBar({ count: missing }), kind: 'error' });
  return bars;
}

function percentBins(scored: SubmissionGrade[], language: Language): ScoreBar[] {
  const bin = (submission: SubmissionGrade): number => {
    const fraction = submission.maxScore > 0 ? (submission.score ?? 0) / submission.maxScore : 0;
    return Math.min(PERCENT_BINS - 1, Math.floor(fraction * PERCENT_BINS));
  };
  return Array.from({ length: PERCENT_BINS }, (_, index) => {
    const count = scored.filter((submission) => bin(submission) === index).length;
    const low = (index * 100) / PERCENT_BINS;
    const range = index === PERCENT_BINS - 1 ? `${low}-100%` : `${low}-${low + 100 / PERCENT_BINS - 1}%`;
    return { label: range, count, title: REPORT_TEXTS[language].scoreBar({ range, count }), kind: 'score' };
  });
}

/**
 * For each stage, in the order the checker ran them: how many graded submissions passed it,
 * out of those for which it carried points (a stage that does not apply to a target, such as
 * shutdown on a container, counts for none of them and is left out).
 */
export function stagePassRates(grades: Grades): StagePassRate[] {
  const rates = new Map<string, StagePassRate>();
  for (const submission of graded(grades)) {
    for (const stage of submission.stages) {
      const rate = rates.get(stage.id) ?? { id: stage.id, title: stage.title, passed: 0, scored: 0 };
      rates.set(stage.id, rate);
      if (stage.maxPoints === 0) continue;
      rate.scored++;
      if (stage.status === 'passed') rate.passed++;
    }
  }
  return [...rates.values()].filter((rate) => rate.scored > 0);
}

const PLOT_HEIGHT = 160;
const BAR_WIDTH = 28;
const BAR_STEP = 40;
const AXIS_LEFT = 12;
const TOP = 22;

/** Vertical bars; each bar's height is its count over the largest count, times the plot height. */
export function scoreDistributionSvg(bars: ScoreBar[], language: Language = 'en'): string {
  const largest = Math.max(1, ...bars.map((bar) => bar.count));
  const width = AXIS_LEFT * 2 + bars.length * BAR_STEP;
  const baseline = TOP + PLOT_HEIGHT;
  const groups = bars.map((bar, index) => {
    const height = (bar.count / largest) * PLOT_HEIGHT;
    const x = AXIS_LEFT + index * BAR_STEP + (BAR_STEP - BAR_WIDTH) / 2;
    const middle = x + BAR_WIDTH / 2;
    return [
      `<g class="bar ${bar.kind}">`,
      `<title>${escapeHtml(bar.title)}</title>`,
      `<rect x="${x}" y="${formatNumber(baseline - height)}" width="${BAR_WIDTH}" height="${formatNumber(height)}"></rect>`,
      `<text class="count" x="${middle}" y="${formatNumber(baseline - height - 5)}" text-anchor="middle">${bar.count}</text>`,
      `<text class="label" x="${middle}" y="${baseline + 16}" text-anchor="middle">${escapeHtml(bar.label)}</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<svg class="chart" role="img" aria-labelledby="score-chart-title" viewBox="0 0 ${width} ${baseline + 26}" width="${width}" height="${baseline + 26}">`,
    `<title id="score-chart-title">${escapeHtml(REPORT_TEXTS[language].scoreChartTitle())}</title>`,
    `<line class="axis" x1="${AXIS_LEFT}" y1="${baseline}" x2="${width - AXIS_LEFT}" y2="${baseline}"></line>`,
    ...groups,
    '</svg>',
  ].join('\n');
}

const ROW_HEIGHT = 26;
const NAME_WIDTH = 170;
const TRACK_WIDTH = 300;
const VALUE_WIDTH = 110;

/** Horizontal bars; each bar's width is its pass rate times the track's width. */
export function stagePassRateSvg(rates: StagePassRate[], language: Language = 'en'): string {
  const width = NAME_WIDTH + TRACK_WIDTH + VALUE_WIDTH;
  const height = Math.max(1, rates.length) * ROW_HEIGHT + 4;
  const rows = rates.map((rate, index) => {
    const fraction = rate.passed / rate.scored;
    const y = 2 + index * ROW_HEIGHT;
    const words = REPORT_TEXTS[language].stageRate({ id: rate.id, passed: rate.passed, scored: rate.scored, percent: formatPercent(fraction) });
    return [
      `<g class="rate">`,
      `<title>${escapeHtml(words)}</title>`,
      `<text class="stage" x="${NAME_WIDTH - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(rate.id)}</text>`,
      `<rect class="track" x="${NAME_WIDTH}" y="${y + 4}" width="${TRACK_WIDTH}" height="${ROW_HEIGHT - 8}"></rect>`,
      `<rect class="fill" x="${NAME_WIDTH}" y="${y + 4}" width="${formatNumber(fraction * TRACK_WIDTH)}" height="${ROW_HEIGHT - 8}"></rect>`,
      `<text class="value" x="${NAME_WIDTH + TRACK_WIDTH + 8}" y="${y + 17}">${rate.passed}/${rate.scored} (${formatPercent(fraction)})</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<svg class="chart" role="img" aria-labelledby="stage-chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title id="stage-chart-title">${escapeHtml(REPORT_TEXTS[language].stageChartTitle())}</title>`,
    ...rows,
    '</svg>',
  ].join('\n');
}
