/**
 * The two languages every text a person reads exists in (the checker's, the grader's), and
 * how a program picks one. Stage ids, option names and file formats stay English in both.
 *
 * A text is written once per language, side by side, as a function of its parameters:
 *
 *   export const STEPS = bilingual({
 *     connected: {
 *       en: (p: { client: string }) => `${p.client}: connected`,
 *       id: (p) => `${p.client}: terhubung`,
 *     },
 *   });
 *   const say = STEPS[language];   // say.connected({ client: 'client 1' })
 *
 * so a text missing in one language, or taking other parameters there, does not compile. The
 * Indonesian is the formal register of the lab notes, with the glossary's terms
 * (lab-notes/id/README.md#daftar-istilah).
 */

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(text: string): text is Language {
  return (LANGUAGES as readonly string[]).includes(text);
}

/** One text in both languages. */
export interface Bilingual<P extends unknown[]> {
  readonly en: (...params: P) => string;
  readonly id: (...params: P) => string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTexts = Record<string, Bilingual<any>>;

/** The texts of one language: the same names, each a function of the same parameters. */
export type TextsIn<T extends AnyTexts> = { readonly [K in keyof T]: T[K]['en'] };

/** A catalog: for each language, its texts under the same names. */
export type Catalog<T extends AnyTexts> = Readonly<Record<Language, TextsIn<T>>> & { readonly entries: T };

/** Turns texts written side by side into one set of texts per language. */
export function bilingual<T extends AnyTexts>(entries: T): Catalog<T> {
  const inLanguage = (language: Language): TextsIn<T> =>
    Object.fromEntries(Object.entries(entries).map(([name, text]) => [name, text[language]])) as TextsIn<T>;
  return { en: inLanguage('en'), id: inLanguage('id'), entries };
}

/**
 * The language a program speaks: --lang when given (already checked by the option parser);
 * otherwise the first of LC_ALL, LC_MESSAGES and
 * LANG that is set decides, as for every POSIX program (Indonesian when it starts with "id",
 * so id_ID.UTF-8; English otherwise, C and POSIX included). Where none is set (Windows, where
 * programs read the user's locale instead) the locale Node reports decides.
 */
export function chooseLanguage(flag: Language | undefined, env: NodeJS.ProcessEnv = process.env, systemLocale: string = defaultLocale()): Language {
  if (flag !== undefined) return flag;
  const posix = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  const locale = posix ?? systemLocale;
  return /^id([_.@-]|$)/i.test(locale) ? 'id' : 'en';
}

function defaultLocale(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return 'en';
  }
}
