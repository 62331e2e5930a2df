/**
 * charcount-grade's command line: one SUBMISSIONS argument (a folder of student folders, or a
 * .zip of them), where the results go, how many at once, and each submission's limits.
 */
import { DEFAULT_EXPECTED_REPLY, DEFAULT_LIMITS, DEFAULT_TIMING, levelOption, type CheckLevel } from '../checker';
import { chooseLanguage, type Language } from '../language';
import { notesLocation } from '../command-line/notes-location';
import { decimalOption, expectedReplyOption, langFlag, languageOption, wholeNumberOption } from '../command-line/option-values';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { oneLine } from '../command-line/one-line';
import { UsageError } from '../command-line/usage-error';
import type { GradeLimits } from './grades';
import { GRADE_USAGE_TEXTS } from './usage-texts';

const KIB = 1024;
const MIB = 1024 * KIB;

export const DEFAULT_GRADE_LIMITS: Required<GradeLimits> = {
  ...DEFAULT_LIMITS,
  stageTimeoutMs: 60_000,
  submissionTimeoutMs: 300_000,
  outputBytes: 64 * KIB,
  startTimeoutMs: DEFAULT_TIMING.startTimeoutMs,
};

export interface GradeOptions {
  submissions: string;
  out: string;
  jobs: number;
  level: CheckLevel;
  rubric: string | null;
  seed: number | null;
  force: boolean;
  limits: Required<GradeLimits>;
  /** --entry: the file to run in every submission that has one matching it. */
  entryGlob: string | null;
  /** --entries: a CSV file of "submission,file" choices, one per student. */
  entriesFile: string | null;
  /** The language of the feedback files and the worksheet comments (--lang, else the environment's). */
  language: Language;
  /** Where the feedback's links to the lab notes point (--notes-url, else the repository's when package.json names it), or null. */
  notesUrl: string | null;
  /** --expected-reply (checked as a template), or null: the rubric's, else the assignment's sentence, then applies. */
  expectedReply: string | null;
  /** --moodle-worksheet: the grading worksheet to fill in, or null. */
  moodleWorksheet: string | null;
  help: boolean;
}

const D = DEFAULT_GRADE_LIMITS;

/** --help, in the language of the rest of the run. */
export function usage(language: Language): string {
  return GRADE_USAGE_TEXTS[language].usage({
    cpus: availableParallelism(),
    memoryMib: D.memoryBytes / MIB,
    pids: D.pids,
    cpuShare: D.cpus,
    startTimeoutS: D.startTimeoutMs / 1000,
    stageTimeoutS: D.stageTimeoutMs / 1000,
    submissionTimeoutS: D.submissionTimeoutMs / 1000,
    outputKib: D.outputBytes / KIB,
    expectedReply: DEFAULT_EXPECTED_REPLY,
  });
}

export function parseGradeOptions(argv: readonly string[]): GradeOptions {
  // Every usage error, even one about the flags before --lang, speaks the language asked for.
  const language = chooseLanguage(languageOption(langFlag(argv), chooseLanguage(undefined)));
  const say = GRADE_USAGE_TEXTS[language];
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        jobs: { type: 'string' },
        level: { type: 'string' },
        rubric: { type: 'string' },
        seed: { type: 'string' },
        force: { type: 'boolean' },
        memory: { type: 'string' },
        pids: { type: 'string' },
        cpus: { type: 'string' },
        'start-timeout': { type: 'string' },
        'stage-timeout': { type: 'string' },
        'submission-timeout': { type: 'string' },
        'output-kib': { type: 'string' },
        entry: { type: 'string' },
        entries: { type: 'string' },
        'moodle-worksheet': { type: 'string' },
        lang: { type: 'string' },
        'notes-url': { type: 'string' },
        'expected-reply': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(parseArgsMistake(error as Error & { code?: string }, language));
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  if (!help && positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? say.nothingToGrade() : say.severalClasses({ count: positionals.length, given: positionals.join(', ') }));
  }
  const number = (text: string | undefined, flag: string, fallback: number, min: number, max: number): number => wholeNumberOption(text, flag, fallback, min, max, language);
  return {
    submissions: positionals[0] ?? '',
    out: values.out ?? 'grades',
    jobs: number(values.jobs, '--jobs', availableParallelism(), 1, 256),
    level: levelOption(values.level, language),
    rubric: values.rubric ?? null,
    seed: values.seed === undefined ? null : number(values.seed, '--seed', 0, 0, 2 ** 32 - 1),
    force: values.force ?? false,
    limits: {
      ...D,
      memoryBytes: number(values.memory, '--memory', D.memoryBytes / MIB, 32, 65536) * MIB,
      pids: number(values.pids, '--pids', D.pids, 8, 4096),
      cpus: decimalOption(values.cpus, '--cpus', D.cpus, 0.05, 64, language),
      startTimeoutMs: number(values['start-timeout'], '--start-timeout', D.startTimeoutMs / 1000, 1, 600) * 1000,
      stageTimeoutMs: number(values['stage-timeout'], '--stage-timeout', D.stageTimeoutMs / 1000, 5, 3600) * 1000,
      submissionTimeoutMs: number(values['submission-timeout'], '--submission-timeout', D.submissionTimeoutMs / 1000, 10, 36000) * 1000,
      outputBytes: number(values['output-kib'], '--output-kib', D.outputBytes / KIB, 0, 65536) * KIB,
    },
    entryGlob: values.entry ?? null,
    entriesFile: values.entries ?? null,
    language,
    // The grader's pages are read in an LMS or a browser, where a relative path to a clone opens nothing.
    notesUrl: notesLocation(values['notes-url'], language, { env: process.env, cwd: process.cwd(), relativeInClone: false }),
    expectedReply: expectedReplyOption(values['expected-reply'], DEFAULT_EXPECTED_REPLY, language),
    moodleWorksheet: values['moodle-worksheet'] ?? null,
    help,
  };
}

/** node:util parseArgs explains a mistake in English; say it again in the run's language, naming the option. */
function parseArgsMistake(error: Error & { code?: string }, language: Language): string {
  const say = GRADE_USAGE_TEXTS[language];
  const named = /'([^']*)'/.exec(error.message)?.[1] ?? oneLine(error.message);
  return error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? say.missingValue({ option: named.split(' ')[0] ?? named }) : say.unknownOption({ option: `'${named}'` });
}
