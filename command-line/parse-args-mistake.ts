/**
 * node:util parseArgs explains a mistake in English; every program says it again in the run's
 * language, naming the option, with its own advice for an unknown option or a stray argument.
 */
import type { Language } from '../language';
import { oneLine } from './one-line';
import { OPTION_TEXTS } from './option-texts';

/** What a program says of the mistakes whose advice is its own. */
export interface OwnMistakeTexts {
  unknownOption: (p: { option: string }) => string;
  /** Absent for a program that takes arguments (it never sees the mistake). */
  unexpectedArgument?: (p: { argument: string }) => string;
}

export function parseArgsMistake(error: Error & { code?: string }, language: Language, say: OwnMistakeTexts): string {
  const named = /'([^']*)'/.exec(error.message)?.[1] ?? oneLine(error.message);
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return OPTION_TEXTS[language].missingValue({ option: named.split(' ')[0] ?? named });
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && say.unexpectedArgument !== undefined) return say.unexpectedArgument({ argument: `'${named}'` });
  return say.unknownOption({ option: `'${named}'` });
}
