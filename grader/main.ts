#!/usr/bin/env node
/**
 * charcount-grade: runs charcount-check on every submission of a class, each isolated in its
 * own containers and several at once, and writes grades.json, grades.csv, report.html and
 * one feedback file per student.
 */
import { StartError, UsageError } from '../command-line/usage-error';
import { asksForVersion, versionLine } from '../command-line/version';
import { GRADE_LABEL } from './run-leftovers';
import { chooseLanguage, type Language } from '../language';
import { parseGradeOptions, usage } from './options';
import { runGrade } from './run-grade';
import { RUN_TEXTS } from './run-texts';
import { ignoreWriteErrors } from './exit-cleanup';

/** The run's language once its options are read; the environment's until then. */
let language: Language = chooseLanguage(undefined);

async function main(argv: readonly string[]): Promise<number> {
  ignoreWriteErrors(process.stdout);
  ignoreWriteErrors(process.stderr);
  // A crash still exits through process.exit, whose 'exit' event removes the staged copies.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`${RUN_TEXTS[language].internalError({ stack: error.stack ?? String(error) })}\n`);
    process.exit(70);
  });
  if (asksForVersion(argv)) {
    process.stdout.write(`${versionLine('charcount-grade')}\n`);
    return 0;
  }
  const options = parseGradeOptions(argv);
  language = options.language;
  if (options.help) {
    process.stdout.write(`${usage(options.language)}\n`);
    return 0;
  }
  const interrupt = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    if (!interrupt.signal.aborted) {
      process.stderr.write(`${RUN_TEXTS[language].stopping({ signal })}\n`);
      interrupt.abort();
      return;
    }
    process.stderr.write(`${RUN_TEXTS[language].quitEarly({ label: GRADE_LABEL })}\n`);
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  return runGrade(options, { stdout: process.stdout, signal: interrupt.signal });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`charcount-grade: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof StartError) {
      process.stderr.write(`charcount-grade: ${error.message}\n`);
      process.exit(3);
    }
    process.stderr.write(`${RUN_TEXTS[language].internalError({ stack: (error as Error).stack ?? String(error) })}\n`);
    process.exit(70);
  },
);
