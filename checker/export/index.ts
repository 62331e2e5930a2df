/**
 * The checker's report formats. The CLI renders the one CheckReport with renderReport; the
 * live printer uses the text format's line functions as stages end.
 */
import type { CheckReport } from '../model';
import { renderClassroom } from './classroom';
import { renderGradescope } from './gradescope';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderPrairieLearn } from './prairielearn';
import { renderText } from './text';

export { formatFindingLines, formatReportHeader, formatStageDetails, formatStageLine, formatStartError, formatSummaryLine } from './text';

export const EXPORT_FORMATS = ['text', 'json', 'junit', 'gradescope', 'prairielearn', 'classroom', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const RENDERERS: Record<ExportFormat, (report: CheckReport) => string> = {
  text: renderText,
  json: renderJson,
  junit: renderJunit,
  gradescope: renderGradescope,
  prairielearn: renderPrairieLearn,
  classroom: renderClassroom,
  html: renderHtml,
};

export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}

export function renderReport(format: ExportFormat, report: CheckReport): string {
  return RENDERERS[format](report);
}
