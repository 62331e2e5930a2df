/**
 * The report as one offline HTML page a student opens from disk or an LMS, in the report's
 * language: the header and score, then every stage with its line, its trace, what the checker
 * found, the hint as a link, and for a failed stage a sequence diagram of its record.
 *
 * The page loads nothing and runs nothing: no script, no external style, font or image, and a
 * Content-Security-Policy that forbids all of it (default-src 'none'), allowing only its one
 * <style> by hash. Every text passes visibleText and markup escaping, so what a server sent
 * cannot add markup.
 */
import { createHash } from 'node:crypto';
import { escapeXml } from '../../sequence-diagram/xml-escape';
import { HTML_TEXTS } from '../messages/html-texts';
import type { CheckReport, StageResult } from '../model';
import { recordDiagram } from './record-diagram';
import { stageTraceLines } from './stage-view';
import { formatReportHeader, formatStageLine, formatStartError, formatSummaryLine } from './text';
import { visibleText } from './visible-text';

const escapeHtml = (text: string): string => escapeXml(visibleText(text));

const STYLE = `
body { font-family: system-ui, 'DejaVu Sans', Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; color: #1f2937; }
h1 { font-size: 1.25rem; }
h2 { font-size: 1.05rem; }
section.stage h2 { margin: 0 0 .5rem; font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
h3 { font-size: .95rem; }
.summary { font-weight: bold; }
.start-error { color: #b91c1c; font-weight: bold; }
section.stage { border: 1px solid #d1d5db; border-left-width: .4rem; border-radius: .3rem; padding: .75rem 1rem; margin: 1rem 0; }
section.passed { border-left-color: #15803d; }
section.failed { border-left-color: #b91c1c; }
section.skipped { border-left-color: #ca8a04; }
pre.trace { background: #f3f4f6; padding: .75rem; font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.diagram { overflow-x: auto; }
.diagram svg { max-width: none; }
footer { color: #6b7280; font-size: .85rem; }
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'`;

function stageSection(stage: StageResult, report: CheckReport): string {
  const say = HTML_TEXTS[report.language];
  const parts = [`<section class="stage ${stage.status}" id="stage-${escapeHtml(stage.id)}">`, `<h2>${escapeHtml(formatStageLine(stage, { color: false }))}</h2>`];
  if (stage.status === 'failed') {
    parts.push(`<pre class="trace">${stageTraceLines(stage).map(escapeHtml).join('\n')}</pre>`);
    if (stage.hint.link !== '') parts.push(`<p class="hint">${escapeHtml(say.hintLabel())}: <a href="${escapeHtml(stage.hint.link)}">${escapeHtml(stage.hint.text)}</a></p>`);
    const diagram = recordDiagram(stage, report.target, report.language);
    if (diagram !== null) parts.push(`<h3>${escapeHtml(say.diagramHeading())}</h3>`, `<div class="diagram">${diagram}</div>`);
  } else {
    parts.push(`<p>${escapeHtml(stage.message)}</p>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderHtml(report: CheckReport): string {
  const say = HTML_TEXTS[report.language];
  const startError = formatStartError(report);
  return [
    '<!DOCTYPE html>',
    `<html lang="${report.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(say.pageTitle({ target: report.target }))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(formatReportHeader(report))}</h1>`,
    `<p class="summary">${escapeHtml(formatSummaryLine(report))}</p>`,
    ...(startError === null ? [] : [`<p class="start-error">${escapeHtml(startError)}</p>`]),
    '</header>',
    '<main>',
    `<h2>${escapeHtml(say.stagesHeading())}</h2>`,
    ...report.stages.map((stage) => stageSection(stage, report)),
    '</main>',
    `<footer><p>${escapeHtml(say.checkedBy({ version: report.checkerVersion, seed: report.seed }))}</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
