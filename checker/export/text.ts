/**
 * The human report: the lines the live terminal output shows, as one string. The live printer
 * calls the format* functions as each stage ends (with colour on a terminal); renderText
 * joins the same lines without colour, for a file or a pipe.
 */
import type { Language } from '../../language';
import { REPORT_TEXTS } from '../messages/report-texts';
import type { CheckReport, Diagnosis, StageResult, StageStatus } from '../model';
import { stageTraceLines, statusCounts } from './stage-view';
import { visibleText } from './visible-text';

interface StageLineOptions {
  /** ANSI colour on the status word; only for a terminal, never in a file. */
  color: boolean;
}

const STATUS_LABELS: Record<StageStatus, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' };
const STATUS_COLORS: Record<StageStatus, string> = { passed: '\x1b[32m', failed: '\x1b[31m', skipped: '\x1b[33m' };
const RESET = '\x1b[0m';
const DETAIL_INDENT = '    ';

/** Needs only what is known before the first stage runs. */
export function formatReportHeader(report: Pick<CheckReport, 'target' | 'level' | 'seed' | 'language'>): string {
  return REPORT_TEXTS[report.language].header({ target: visibleText(report.target), level: report.level, seed: report.seed });
}

/** `PASS listen  accepts a TCP connection on port 12345  (12 ms)` */
export function formatStageLine(stage: StageResult, { color }: StageLineOptions): string {
  const label = STATUS_LABELS[stage.status];
  const status = color ? `${STATUS_COLORS[stage.status]}${label}${RESET}` : label;
  return `${status} ${visibleText(stage.id)}  ${visibleText(stage.title)}  (${Math.round(stage.durationMs)} ms)`;
}

/** The indented lines under a stage's line: a failure's trace, or why a stage was skipped. */
export function formatStageDetails(stage: StageResult): string[] {
  if (stage.status === 'passed') return [];
  const lines = stage.status === 'failed' ? stageTraceLines(stage) : [visibleText(stage.message)];
  return lines.map((line) => DETAIL_INDENT + line);
}

/** The line saying why nothing could be checked, or null when the server was checked. */
export function formatStartError(report: Pick<CheckReport, 'startError' | 'language'>): string | null {
  return report.startError === null ? null : REPORT_TEXTS[report.language].startError({ reason: visibleText(report.startError) });
}

/** `score 12/14, 12 passed, 1 failed, 1 skipped; seed 42 (rerun with --seed 42)` */
export function formatSummaryLine(report: CheckReport): string {
  return REPORT_TEXTS[report.language].summary({ score: report.score, maxScore: report.maxScore, ...statusCounts(report), seed: report.seed });
}

/**
 * The end of a failure's trace (StageResult.details): what the checker found, most telling
 * first, then the hint. A finding of several lines (a quoted reply with a caret under it)
 * indents its later lines under its first.
 */
export function formatFindingLines(diagnoses: readonly Diagnosis[], hint: { text: string; link: string }, language: Language): string[] {
  const say = REPORT_TEXTS[language];
  return [
    ...diagnoses.flatMap((diagnosis) => {
      const [first = '', ...more] = diagnosis.text.split('\n');
      return [say.finding({ text: first }), ...more.map((text) => `  ${text}`)];
    }),
    say.hint(hint),
  ];
}

export function renderText(report: CheckReport): string {
  const startError = formatStartError(report);
  const lines = [
    formatReportHeader(report),
    ...report.stages.flatMap((stage) => [formatStageLine(stage, { color: false }), ...formatStageDetails(stage)]),
    ...(startError === null ? [] : [startError]),
    formatSummaryLine(report),
  ];
  return `${lines.join('\n')}\n`;
}
