#!/usr/bin/env node
/**
 * charcount-check: checks a student's own TCP server, stage by stage, and reports what
 * passed, what failed and why, in text or in a grading platform's format.
 */
import { writeFileSync } from 'node:fs';
import { runCheck } from './engine/run-check';
import { freshSeed } from './engine/seeded-random';
import { renderReport } from './export';
import { createLivePrinter } from './cli/live-printer';
import { parseCheckOptions, usage, type CheckOptions } from './cli/options';
import { readRubric } from './cli/rubric';
import { StartError, UsageError } from '../command-line/usage-error';
import { createTarget } from './cli/create-target';
import { DEFAULT_EXPECTED_REPLY, type CheckReport } from './model';
import { internalErrorLines, RUN_TEXTS } from './messages/run-texts';
import { chooseLanguage, type Language } from '../language';
import { versionLine } from '../command-line/version';

/** Stages have their own limits; this only stops a stage that a server stalls in a way no limit caught. */
const STAGE_TIME_LIMIT_MS = 120_000;

/** The run's language once its options are read; an error before that speaks the environment's (chooseLanguage). */
let runLanguage: Language | undefined;

async function main(argv: readonly string[]): Promise<number> {
  const options = parseCheckOptions(argv);
  runLanguage = options.language;
  if (options.help) {
    process.stdout.write(`${usage(options.language)}\n`);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${versionLine('charcount-check')}\n`);
    return 0;
  }
  const rubric = options.rubric === null ? { points: new Map<string, number>(), expectedReply: null } : readRubric(options.rubric, options.language);
  // The command line beats the rubric, which beats the assignment's sentence.
  const expectedReply = options.expectedReply ?? rubric.expectedReply ?? DEFAULT_EXPECTED_REPLY;
  // The report goes to stdout unless --out names a file; the live lines then go to stderr.
  const reportOnStdout = options.out === null && options.format !== 'text';
  const live = createLivePrinter(reportOnStdout ? process.stderr : process.stdout, options.verbose, options.language);
  const seed = options.seed ?? freshSeed();
  const target = await createTarget(options, live);
  const stop = (): void => {
    live.notice(RUN_TEXTS[options.language].interrupted());
    void target.dispose().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let report: CheckReport;
  try {
    live.header({ target: target.description, level: options.level, seed });
    report = await runCheck({
      target,
      language: options.language,
      expectedReply,
      entry: null,
      notesUrl: options.notesUrl,
      level: options.level,
      seed,
      timing: options.timing,
      points: rubric.points,
      only: options.only,
      stageTimeLimitMs: STAGE_TIME_LIMIT_MS,
      events: live,
    });
  } finally {
    await target.dispose();
  }
  live.summary(report);
  writeReport(options, report);
  if (!report.gradable && target.restartable) return 3;
  return report.stages.some((stage) => stage.status === 'failed') || !report.gradable ? 1 : 0;
}

function writeReport(options: CheckOptions, report: CheckReport): void {
  if (options.out === null) {
    if (options.format !== 'text') process.stdout.write(renderReport(options.format, report));
    return;
  }
  try {
    writeFileSync(options.out, renderReport(options.format, report));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(RUN_TEXTS[options.language].cannotWriteReport({ file: options.out, error: why }));
  }
}

/** Exits once everything written to stdout has been handed over: a long report to a pipe is written asynchronously. */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`charcount-check: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof StartError) {
      process.stderr.write(`charcount-check: ${error.message}\n`);
      process.exit(3);
    }
    const [line, ...stack] = internalErrorLines(error, runLanguage ?? chooseLanguage(undefined));
    process.stderr.write(`charcount-check: ${line}\n${stack.map((text) => `${text}\n`).join('')}`);
    process.exit(70);
  },
);
