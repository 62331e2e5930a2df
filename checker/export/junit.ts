/**
 * JUnit XML as GitLab, Jenkins and CodeGrade read it (schema: checker/schemas/junit.xsd): one
 * <testsuites> holding one <testsuite> for the level, one <testcase> per stage. Stage outcomes
 * map as stage-view.ts describes: a failed stage is a <failure> whose text is the whole trace,
 * a stage that does not apply or did not run is <skipped>, and a stage lost because the server
 * could not be checked at all is an <error>, so a CI job never turns green on a server that
 * never listened. Every string goes through visibleText (XML 1.0 forbids most control
 * characters even as character references) and then markup escaping.
 */
import type { CheckReport, StageResult } from '../model';
import { stageName, stageOutcome, stageTrace } from './stage-view';
import { formatStartError, renderText } from './text';
import { visibleText } from './visible-text';

const escapeMarkup = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** An attribute value: one visible line, quotes escaped. */
const attr = (value: string | number): string => escapeMarkup(visibleText(String(value))).replaceAll('"', '&quot;');

/** Element text already made visible (it may hold line feeds between trace lines). */
const text = (visible: string): string => escapeMarkup(visible);

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function testcaseBody(stage: StageResult, report: CheckReport): string[] {
  const message = `message="${attr(stage.message)}"`;
  switch (stageOutcome(stage, report)) {
    case 'passed':
      return [`<system-out>${text(visibleText(stage.message))}</system-out>`];
    case 'failed':
      return [`<failure ${message} type="StageFailed">${text(stageTrace(stage))}</failure>`];
    case 'not-applicable':
    case 'not-run':
      return [`<skipped ${message}/>`];
    case 'not-gradable':
      return [`<error ${message} type="NotGradable">${text(formatStartError(report) ?? '')}</error>`];
  }
}

function testcase(stage: StageResult, report: CheckReport): string[] {
  const open = `<testcase classname="charcount-check.${attr(report.level)}" name="${attr(stageName(stage))}" time="${seconds(stage.durationMs)}">`;
  return [open, ...testcaseBody(stage, report).map((line) => `  ${line}`), '</testcase>'];
}

function properties(report: CheckReport): string[] {
  const entries: [string, string | number][] = [
    ['target', report.target],
    ['level', report.level],
    ['seed', report.seed],
    ['score', report.score],
    ['maxScore', report.maxScore],
    ['gradable', String(report.gradable)],
    ...(report.startError === null ? [] : ([['startError', report.startError]] as [string, string][])),
  ];
  return ['<properties>', ...entries.map(([name, value]) => `  <property name="${name}" value="${attr(value)}"/>`), '</properties>'];
}

export function renderJunit(report: CheckReport): string {
  const outcomes = report.stages.map((stage) => stageOutcome(stage, report));
  const count = (...wanted: string[]): number => outcomes.filter((outcome) => wanted.includes(outcome)).length;
  const tests = report.stages.length;
  const failures = count('failed');
  const errors = count('not-gradable');
  const skipped = count('not-applicable', 'not-run');
  const time = seconds(report.stages.reduce((sum, stage) => sum + stage.durationMs, 0));
  const suiteName = `charcount-check ${attr(report.level)}`;
  const suite = [
    `<testsuite name="${suiteName}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">`,
    ...properties(report).map((line) => `  ${line}`),
    ...report.stages.flatMap((stage) => testcase(stage, report)).map((line) => `  ${line}`),
    `  <system-out>${text(renderText(report))}</system-out>`,
    '</testsuite>',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="charcount-check" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">`,
    ...suite.map((line) => `  ${line}`),
    '</testsuites>',
    '',
  ].join('\n');
}
