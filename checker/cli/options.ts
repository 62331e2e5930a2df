/**
 * charcount-check's command line: flags before `--`, the program to start after it.
 */
import { notesLocation } from '../../command-line/notes-location';
import { expectedReplyOption, langFlag, languageOption, wholeNumberOption } from '../../command-line/option-values';
import { levelOption } from './level-option';
import { parseArgs } from 'node:util';
import { oneLine } from '../../command-line/one-line';
import { DEFAULT_TIMING, type ProbeTiming } from '../engine/timing';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../export';
import type { CheckLevel } from '../model';
import { ALL_STAGES, stagesOf } from '../stages';
import { UsageError } from '../../command-line/usage-error';
import { chooseLanguage, type Language } from '../../language';
import { DEFAULT_EXPECTED_REPLY } from '../model';
import { USAGE_TEXTS } from '../messages/usage-texts';

type UsageTexts = (typeof USAGE_TEXTS)[Language];

/** --help, in the language of the rest of the run. */
export function usage(language: Language): string {
  return USAGE_TEXTS[language].usage({
    formats: EXPORT_FORMATS.join('|'),
    stages: ALL_STAGES.map((stage) => stage.id).join(', '),
    startTimeoutS: DEFAULT_TIMING.startTimeoutMs / 1000,
    expectedReply: DEFAULT_EXPECTED_REPLY,
  });
}


export type TargetChoice = { kind: 'command'; command: string[] } | { kind: 'host'; host: string } | { kind: 'submission'; dir: string };

export interface CheckOptions {
  target: TargetChoice;
  port: number;
  level: CheckLevel;
  only: string[] | null;
  format: ExportFormat;
  out: string | null;
  rubric: string | null;
  seed: number | null;
  verbose: boolean;
  timing: ProbeTiming;
  /** The language of every text; --lang, else the environment's. */
  language: Language;
  /** --expected-reply (checked as a template), or null (the rubric's, else the default, then applies). */
  expectedReply: string | null;
  /** Where hint links resolve (command-line/notes-location.ts), with one trailing slash, or null for relative paths. */
  notesUrl: string | null;
  help: boolean;
  version: boolean;
}

/**
 * The folder checked when the command line names no target: the compose check service sets
 * it to /submission, so `docker compose --profile check run --rm check --only second-client`
 * takes the same flags as the command line and still checks the mounted submission.
 */
const DEFAULT_SUBMISSION_VARIABLE = 'CHARCOUNT_SUBMISSION';

export function parseCheckOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CheckOptions {
  const dashes = argv.indexOf('--');
  const flags = dashes === -1 ? [...argv] : argv.slice(0, dashes);
  const command = dashes === -1 ? [] : argv.slice(dashes + 1);
  // Every usage error, even one about the flags before --lang, speaks the language asked for.
  const language = chooseLanguage(languageOption(langFlag(flags), chooseLanguage(undefined)));
  const say = USAGE_TEXTS[language];
  let values;
  try {
    ({ values } = parseArgs({
      args: flags,
      options: {
        level: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        submission: { type: 'string' },
        only: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        rubric: { type: 'string' },
        seed: { type: 'string' },
        verbose: { type: 'boolean' },
        'start-timeout': { type: 'string' },
        'expected-reply': { type: 'string' },
        lang: { type: 'string' },
        'notes-url': { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(parseArgsMistake(error as Error & { code?: string }, say));
  }
  const help = values.help ?? false;
  const version = values.version ?? false;
  if (dashes !== -1 && command.length === 0) throw new UsageError(say.nothingAfterDashes());
  const defaultSubmission = env[DEFAULT_SUBMISSION_VARIABLE] || undefined;
  if (command.length === 0 && values.host === undefined && values.submission === undefined) values.submission = defaultSubmission;
  const chosen = [command.length > 0, values.host !== undefined, values.submission !== undefined].filter(Boolean).length;
  if (!help && !version && chosen !== 1) {
    throw new UsageError(chosen === 0 ? say.nothingToCheck() : say.severalTargets());
  }
  const target: TargetChoice =
    command.length > 0 ? { kind: 'command', command } : values.host !== undefined ? { kind: 'host', host: values.host } : { kind: 'submission', dir: values.submission ?? '' };
  const number = (text: string | undefined, option: string, fallback: number, min: number, max: number): number => wholeNumberOption(text, option, fallback, min, max, language);
  const level = levelOption(values.level, language);
  return {
    target,
    port: number(values.port, '--port', 12345, 1, 65535),
    level,
    only: stageList(values.only, level, say),
    format: format(values.format, say),
    out: values.out ?? null,
    rubric: values.rubric ?? null,
    seed: values.seed === undefined ? null : number(values.seed, '--seed', 0, 0, 2 ** 32 - 1),
    verbose: values.verbose ?? false,
    timing: { ...DEFAULT_TIMING, startTimeoutMs: number(values['start-timeout'], '--start-timeout', DEFAULT_TIMING.startTimeoutMs / 1000, 1, 600) * 1000 },
    language,
    expectedReply: expectedReplyOption(values['expected-reply'], DEFAULT_EXPECTED_REPLY, language),
    notesUrl: notesLocation(values['notes-url'], language),
    help,
    version,
  };
}


/** node:util parseArgs explains a mistake in English; say it again in the run's language, naming the option. */
function parseArgsMistake(error: Error & { code?: string }, say: UsageTexts): string {
  const named = /'([^']*)'/.exec(error.message)?.[1] ?? oneLine(error.message);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return say.missingValue({ option: named.split(' ')[0] ?? named });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return say.unexpectedArgument({ argument: `'${named}'` });
    default:
      return say.unknownOption({ option: `'${named}'` });
  }
}

function format(text: string | undefined, say: UsageTexts): ExportFormat {
  if (text === undefined) return 'text';
  if (isExportFormat(text)) return text;
  throw new UsageError(say.notAFormat({ value: JSON.stringify(text), formats: EXPORT_FORMATS.join(', ') }));
}

function stageList(text: string | undefined, chosenLevel: CheckLevel, say: UsageTexts): string[] | null {
  if (text === undefined) return null;
  const known = new Set(ALL_STAGES.map((stage) => stage.id));
  const ids = text.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined || ids.length === 0) throw new UsageError(say.notAStage({ value: JSON.stringify(unknown ?? text), stages: [...known].join(', ') }));
  const inLevel = new Set(stagesOf(chosenLevel).map((stage) => stage.id));
  const outside = ids.find((id) => !inLevel.has(id));
  if (outside !== undefined) throw new UsageError(say.protocolStage({ stage: outside }));
  return ids;
}
