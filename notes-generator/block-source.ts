/**
 * A source of generated blocks: one real run (a loopback server, the classic Python program,
 * the containers) that produces the text of several `<!-- generated:NAME -->` blocks at once.
 */
export interface BlockSource {
  /** Shown in progress lines and errors, e.g. "loopback server" or "containers (Docker)". */
  readonly title: string;
  /** The names of the blocks this source produces. */
  readonly blocks: readonly string[];
  /** Produces at least the `wanted` blocks, every block without it (a source may skip the runs only other blocks need). */
  produce(run: NotesRun, wanted?: ReadonlySet<string>): Promise<Map<string, Translated>>;
  /**
   * Extra normalization for blocks whose legitimate variation the shared rules in
   * normalize.ts do not cover; applied to both the committed and the fresh text.
   */
  normalize?(block: string, text: string): string;
}

export interface NotesRun {
  /** The repository root: every command a block shows runs from here. */
  readonly root: string;
  /**
   * Where files that blocks link to (the diagrams/ SVGs) are written: the notes directory for
   * notes:generate, the fresh copy of the notes for notes:check, which never touches the committed ones.
   */
  readonly filesDir: string;
  /** One progress line on stderr. */
  progress(line: string): void;
}

/** The port every block shows for the server, whatever port a generator run actually used. */
export const SHOWN_SERVER_PORT = 12345;

/** The languages of the notes: English pages at the top of lab-notes/, Indonesian ones in lab-notes/id/. */
export type NotesLanguage = 'en' | 'id';
export const NOTES_LANGUAGES: readonly NotesLanguage[] = ['en', 'id'];

/**
 * A text in every language of the notes. A block's outputs are the same on every page (the
 * programs print English); its captions and table headers are written in the page's language.
 */
export type Translated = Readonly<Record<NotesLanguage, string>>;

export function inEachLanguage(render: (language: NotesLanguage) => string): Translated {
  return Object.fromEntries(NOTES_LANGUAGES.map((language) => [language, render(language)])) as Record<NotesLanguage, string>;
}

/** A block with nothing to translate: command lines and their output. */
export function sameInEachLanguage(text: string): Translated {
  return inEachLanguage(() => text);
}
