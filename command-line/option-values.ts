/**
 * Reading option values the way every charcount command line does (charcount-check,
 * charcount-grade, the platform packagers): one rule per kind of value, and one line, in the
 * run's language, naming what is allowed.
 */
import { isLanguage, LANGUAGES, type Language } from '../language';
import { OPTION_TEXTS } from './option-texts';
import { UsageError } from './usage-error';

export function wholeNumberOption(text: string | undefined, flag: string, fallback: number, min: number, max: number, language: Language = 'en'): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(OPTION_TEXTS[language].notAWholeNumber({ option: flag, value: JSON.stringify(text), min, max }));
  return value;
}

/** A number with an optional fraction, such as --cpus 0.5. */
export function decimalOption(text: string | undefined, flag: string, fallback: number, min: number, max: number, language: Language = 'en'): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max) {
    throw new UsageError(OPTION_TEXTS[language].notADecimal({ option: flag, value: JSON.stringify(text), min, max, example: String(Math.min(max, Math.max(min, 0.5))) }));
  }
  return value;
}

/**
 * The value of the last --lang (or --lang=X) among the flags, read before the others are
 * parsed: every usage error, even one about a flag before --lang, speaks the language asked for.
 */
export function langFlag(flags: readonly string[]): string | undefined {
  let value: string | undefined;
  flags.forEach((flag, index) => {
    if (flag === '--lang') value = flags[index + 1];
    else if (flag.startsWith('--lang=')) value = flag.slice('--lang='.length);
  });
  return value;
}

/** --lang's value; a mistake is told in `fallback`, the environment's language. */
export function languageOption(text: string | undefined, fallback: Language): Language | undefined {
  if (text === undefined || isLanguage(text)) return text;
  throw new UsageError(OPTION_TEXTS[fallback].notALanguage({ value: JSON.stringify(text), languages: LANGUAGES.join(' | ') }));
}

/**
 * --notes-url: the web address (http, https, or file: for notes on a lab PC's disk) the links
 * to the lab notes resolve against, with one trailing slash; null when not given.
 */
export function notesUrlOption(text: string | undefined, language: Language = 'en', option = '--notes-url'): string | null {
  if (text === undefined) return null;
  if (!/^(https?:\/\/[^/\s]+|file:\/\/)\S*$/i.test(text)) throw new UsageError(OPTION_TEXTS[language].notAWebAddress({ option, value: JSON.stringify(text) }));
  return text.endsWith('/') ? text : `${text}/`;
}

/** The rule for a reply template (checker/schemas/rubric.schema.json's pattern): {n} once, no other brace, one line. */
export function isReplyTemplate(text: string): boolean {
  return /^[^{}\r\n]*\{n\}[^{}\r\n]*$/.test(text);
}

/** --expected-reply as given, or null (the rubric's, else the assignment's sentence, then applies). */
export function expectedReplyOption(text: string | undefined, example: string, language: Language = 'en'): string | null {
  if (text === undefined) return null;
  if (!isReplyTemplate(text)) throw new UsageError(OPTION_TEXTS[language].notAReplyTemplate({ value: JSON.stringify(text), example }));
  return text;
}
