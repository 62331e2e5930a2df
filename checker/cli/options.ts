/**
 * charcount-check's command line: flags before `--`, the program to start after it.
 */
import { wholeNumberOption } from '../../command-line/option-values';
import { levelOption } from './level-option';
import { parseArgs } from 'node:util';
import { oneLine } from '../../command-line/one-line';
import { DEFAULT_TIMING, type ProbeTiming } from '../engine/timing';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../export';
import type { CheckLevel } from '../model';
import { ALL_STAGES, stagesOf } from '../stages';
import { UsageError } from '../../command-line/usage-error';
import { chooseLanguage, isLanguage, LANGUAGES, type Language } from '../../language';
import { DEFAULT_EXPECTED_REPLY } from '../model';

export const USAGE = `usage:
  charcount-check [options] -- COMMAND [ARGS...]   start your server and check it, e.g. -- python3 server.py
  charcount-check [options] --host H [--port P]   check a server that is already running
  charcount-check [options] --submission DIR      build DIR (its Dockerfile, or server.py on python:3.13-slim)
                                                  into a container and check it there (needs Docker)
options:
  --level assignment|protocol   assignment (default): the assignment done right; protocol: the kit's whole protocol
  --port P                      the port your server listens on (default 12345; your program also gets PORT)
  --only ID[,ID...]             run only these stages
  --format ${EXPORT_FORMATS.join('|')}
                                the report's format (default text)
  --out FILE                    write the report to FILE (default: standard output)
  --rubric FILE                 points per stage, JSON: {"listen": 1, "long-message": 3}; others are worth 1
  --seed N                      replay the random inputs of an earlier run (every report prints its seed)
  --verbose                     show every byte exchanged
  --start-timeout S             how long your server may take to listen (default ${DEFAULT_TIMING.startTimeoutMs / 1000})
  --expected-reply TEMPLATE     the reply reply-text demands, {n} standing for the count
                                (default "${DEFAULT_EXPECTED_REPLY}")
  --lang id|en                  the language of everything the checker says (default: from LC_ALL, LC_MESSAGES,
                                LANG, else the system's language)
  --notes-url URL               where the lab notes that hints link to are (default: relative paths in a clone)
  --version                     the checker's version
  --help                        this text
exit codes: 0 every stage passed, 1 a stage failed, 2 usage error, 3 your server could not be started or built
stages: ${ALL_STAGES.map((stage) => stage.id).join(', ')}`;

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
  /** --expected-reply as given, or null (the rubric's, else the default, then applies). */
  expectedReply: string | null;
  /** --notes-url, or null. */
  notesUrl: string | null;
  help: boolean;
  version: boolean;
}

export function parseCheckOptions(argv: readonly string[]): CheckOptions {
  const dashes = argv.indexOf('--');
  const flags = dashes === -1 ? [...argv] : argv.slice(0, dashes);
  const command = dashes === -1 ? [] : argv.slice(dashes + 1);
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
    const text = oneLine((error as Error).message);
    throw new UsageError(`${text}; to start a program, put it after --, e.g. charcount-check -- python3 server.py (see --help)`);
  }
  const help = values.help ?? false;
  const version = values.version ?? false;
  if (dashes !== -1 && command.length === 0) throw new UsageError('nothing after --; write the command that starts your server, e.g. -- python3 server.py');
  const chosen = [command.length > 0, values.host !== undefined, values.submission !== undefined].filter(Boolean).length;
  if (!help && !version && chosen !== 1) {
    throw new UsageError(
      chosen === 0
        ? 'nothing to check; give your server as -- COMMAND (e.g. -- python3 server.py), --host H, or --submission DIR'
        : 'give one of -- COMMAND, --host, --submission, not several',
    );
  }
  const target: TargetChoice =
    command.length > 0 ? { kind: 'command', command } : values.host !== undefined ? { kind: 'host', host: values.host } : { kind: 'submission', dir: values.submission ?? '' };
  return {
    target,
    port: wholeNumberOption(values.port, '--port', 12345, 1, 65535),
    level: levelOption(values.level),
    only: stageList(values.only, levelOption(values.level)),
    format: format(values.format),
    out: values.out ?? null,
    rubric: values.rubric ?? null,
    seed: values.seed === undefined ? null : wholeNumberOption(values.seed, '--seed', 0, 0, 2 ** 32 - 1),
    verbose: values.verbose ?? false,
    timing: { ...DEFAULT_TIMING, startTimeoutMs: wholeNumberOption(values['start-timeout'], '--start-timeout', DEFAULT_TIMING.startTimeoutMs / 1000, 1, 600) * 1000 },
    language: chooseLanguage(languageOption(values.lang)),
    expectedReply: values['expected-reply'] ?? null,
    notesUrl: values['notes-url'] ?? null,
    help,
    version,
  };
}



export function languageOption(text: string | undefined): Language | undefined {
  if (text === undefined || isLanguage(text)) return text;
  throw new UsageError(`--lang ${JSON.stringify(text)} is not a language; give ${LANGUAGES.join(' or ')}`);
}

function format(text: string | undefined): ExportFormat {
  if (text === undefined) return 'text';
  if (isExportFormat(text)) return text;
  throw new UsageError(`--format ${JSON.stringify(text)} is not a format; give one of ${EXPORT_FORMATS.join(', ')}`);
}

function stageList(text: string | undefined, chosenLevel: CheckLevel): string[] | null {
  if (text === undefined) return null;
  const known = new Set(ALL_STAGES.map((stage) => stage.id));
  const ids = text.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined || ids.length === 0) throw new UsageError(`--only ${JSON.stringify(unknown ?? text)} is not a stage; the stages are: ${[...known].join(', ')}`);
  const inLevel = new Set(stagesOf(chosenLevel).map((stage) => stage.id));
  const outside = ids.find((id) => !inLevel.has(id));
  if (outside !== undefined) throw new UsageError(`stage ${outside} belongs to the protocol level; add --level protocol`);
  return ids;
}
