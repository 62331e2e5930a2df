/**
 * A source of generated blocks: one real run (a loopback server, the classic Python program,
 * the containers) that produces the text of several `<!-- generated:NAME -->` blocks at once.
 */
export interface BlockSource {
  /** Shown in progress lines and errors, e.g. "loopback server" or "containers (Docker)". */
  readonly title: string;
  /** The names of the blocks this source produces. */
  readonly blocks: readonly string[];
  produce(run: NotesRun): Promise<Map<string, string>>;
  /**
   * Extra normalization for blocks whose legitimate variation the shared rules in
   * normalize.ts do not cover; applied to both the committed and the fresh text.
   */
  normalize?(block: string, text: string): string;
}

export interface NotesRun {
  /** The repository root: every command a block shows runs from here. */
  readonly root: string;
  /** One progress line on stderr. */
  progress(line: string): void;
}

/** The port every block shows for the server, whatever port a generator run actually used. */
export const SHOWN_SERVER_PORT = 12345;
