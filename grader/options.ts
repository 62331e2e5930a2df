/**
 * charcount-grade's command line: one SUBMISSIONS argument (a folder of student folders, or a
 * .zip of them), where the results go, how many at once, and each submission's limits.
 */
import { DEFAULT_EXPECTED_REPLY, DEFAULT_LIMITS, DEFAULT_TIMING, levelOption, type CheckLevel } from '../checker';
import { chooseLanguage, isLanguage, LANGUAGES, type Language } from '../language';
import { wholeNumberOption } from '../command-line/option-values';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine } from '../command-line/one-line';
import { UsageError } from '../command-line/usage-error';
import type { GradeLimits } from './grades';

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
  /** The reply reply-text demands, {n} standing for the count (--expected-reply). */
  expectedReply: string;
  /** --moodle-worksheet: the grading worksheet to fill in, or null. */
  moodleWorksheet: string | null;
  help: boolean;
}

/** The lab notes as a student can open them from an LMS: the repository's on GitHub or GitLab, when package.json names it. */
export function repositoryNotesUrl(packageJson: { repository?: string | { url?: string } }): string | null {
  const url = typeof packageJson.repository === 'string' ? packageJson.repository : packageJson.repository?.url;
  const web = url?.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git@([^:]+):/, 'https://$1/');
  return web !== undefined && /^https:\/\/(github\.com|gitlab\.com)\/[^/]+\/[^/]+$/.test(web) ? `${web}/blob/main/lab-notes/` : null;
}

/** package.json beside the sources or beside dist/, as packageVersion() finds it. */
function defaultNotesUrl(): string | null {
  for (const file of [join(__dirname, '..', 'package.json'), join(__dirname, '..', '..', 'package.json')]) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; repository?: string };
      if (parsed.name === 'charcount-lab') return repositoryNotesUrl(parsed);
    } catch {
      // Not this one.
    }
  }
  return null;
}

const D = DEFAULT_GRADE_LIMITS;

export const USAGE = `usage: charcount-grade SUBMISSIONS [options]
  SUBMISSIONS                 a folder with one folder per student, or a .zip of such folders (an LMS
                              bulk download); each folder needs server.py (run on python:3.13-slim) or a
                              Dockerfile, and its name becomes the submission's name
options:
  --out DIR                   where grades.json, grades.csv, feedback/ and report.html go (default grades)
  --jobs N                    submissions graded at once (default: the number of CPUs, ${availableParallelism()} here)
  --level assignment|protocol the checker's level (default assignment)
  --rubric FILE               points per stage, JSON: {"listen": 1, "long-message": 3}; others are worth 1
  --seed N                    the random inputs (default: the last run's in --out, else a new one)
  --force                     grade every submission again, even one unchanged since the last run in --out
  --entry GLOB                in every submission, run the one file that GLOB matches (e.g. 'soal1*.py');
                              a submission with no match is read as usual
  --entries FILE              a CSV file "submission,file": the file to run in one student's submission
                              (submission: the folder name, the participant id or the student's name)
  --moodle-worksheet FILE     Moodle's grading worksheet (CSV): write a copy with each grade and feedback
                              comment filled in, moodle-worksheet.csv in --out, ready to upload
  --lang id|en                the language of the feedback and comments (default: from LC_ALL, LC_MESSAGES,
                              LANG, else the system's language)
  --notes-url URL             where the feedback's links to the lab notes point (default: the repository's
                              lab notes when package.json names the repository, else no links)
  --expected-reply TEMPLATE   the reply reply-text demands, {n} standing for the count
limits on each submission:
  --memory MIB                memory, /tmp included (default ${D.memoryBytes / MIB})
  --pids N                    processes and threads (default ${D.pids})
  --cpus X                    CPU share, e.g. 0.5 (default ${D.cpus})
  --start-timeout S           how long the server may take to listen (default ${D.startTimeoutMs / 1000})
  --stage-timeout S           how long one stage may take (default ${D.stageTimeoutMs / 1000})
  --submission-timeout S      how long the whole submission may take, build included (default ${D.submissionTimeoutMs / 1000})
  --output-kib N              how much of the server's output its feedback keeps (default ${D.outputBytes / KIB})
  --help                      this text
exit codes: 0 every submission graded, 1 some could not be graded (status "error" in grades.json),
  2 usage error, 3 Docker or the checker's image is missing, 130 interrupted (Ctrl-C)`;

export function parseGradeOptions(argv: readonly string[]): GradeOptions {
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
    throw new UsageError(`${oneLine((error as Error).message)} (see --help)`);
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  if (!help && positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'nothing to grade; give the folder of submissions (one folder per student) or its .zip, e.g. charcount-grade submissions.zip'
        : `give one folder or .zip of submissions, not ${positionals.length} (${positionals.join(', ')})`,
    );
  }
  return {
    submissions: positionals[0] ?? '',
    out: values.out ?? 'grades',
    jobs: wholeNumberOption(values.jobs, '--jobs', availableParallelism(), 1, 256),
    level: levelOption(values.level),
    rubric: values.rubric ?? null,
    seed: values.seed === undefined ? null : wholeNumberOption(values.seed, '--seed', 0, 0, 2 ** 32 - 1),
    force: values.force ?? false,
    limits: {
      ...D,
      memoryBytes: wholeNumberOption(values.memory, '--memory', D.memoryBytes / MIB, 32, 65536) * MIB,
      pids: wholeNumberOption(values.pids, '--pids', D.pids, 8, 4096),
      cpus: decimal(values.cpus, '--cpus', D.cpus, 0.05, 64),
      startTimeoutMs: wholeNumberOption(values['start-timeout'], '--start-timeout', D.startTimeoutMs / 1000, 1, 600) * 1000,
      stageTimeoutMs: wholeNumberOption(values['stage-timeout'], '--stage-timeout', D.stageTimeoutMs / 1000, 5, 3600) * 1000,
      submissionTimeoutMs: wholeNumberOption(values['submission-timeout'], '--submission-timeout', D.submissionTimeoutMs / 1000, 10, 36000) * 1000,
      outputBytes: wholeNumberOption(values['output-kib'], '--output-kib', D.outputBytes / KIB, 0, 65536) * KIB,
    },
    entryGlob: values.entry ?? null,
    entriesFile: values.entries ?? null,
    language: chooseLanguage(language(values.lang)),
    notesUrl: notesUrl(values['notes-url']),
    expectedReply: expectedReply(values['expected-reply']),
    moodleWorksheet: values['moodle-worksheet'] ?? null,
    help,
  };
}

function language(text: string | undefined): Language | undefined {
  if (text === undefined || isLanguage(text)) return text;
  throw new UsageError(`--lang ${JSON.stringify(text)} is not a language; give ${LANGUAGES.join(' or ')}`);
}

function notesUrl(text: string | undefined): string | null {
  if (text === undefined) return defaultNotesUrl();
  if (!/^https?:\/\/\S+$/.test(text)) throw new UsageError(`--notes-url ${JSON.stringify(text)} is not a web address; give the address of the lab notes a student can open, e.g. https://github.com/OWNER/charcount-lab/blob/main/lab-notes/`);
  return text.endsWith('/') ? text : `${text}/`;
}

function expectedReply(text: string | undefined): string {
  if (text === undefined) return DEFAULT_EXPECTED_REPLY;
  if (!text.includes('{n}') || /[\r\n]/.test(text)) throw new UsageError(`--expected-reply ${JSON.stringify(text)} needs {n} where the count goes, on one line, e.g. "${DEFAULT_EXPECTED_REPLY}"`);
  return text;
}

function decimal(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max) throw new UsageError(`${flag} ${JSON.stringify(text)} is not allowed; give a number from ${min} to ${max}, e.g. 0.5`);
  return value;
}

