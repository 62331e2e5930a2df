/**
 * A program's output as the checker shows it: split into lines, escaped so a program cannot
 * forge the checker's own lines or rewrite the terminal, cut to a length, the last lines kept
 * for failure traces and only the first ones shown live (a program that prints without end
 * must not flood the report).
 */
import type { Language } from '../../language';
import { START_TEXTS } from '../messages/start-texts';
import { visibleText } from '../export/visible-text';

const LINE_CHARS = 300;
const KEPT_LINES = 50;

export interface OutputLimits {
  /** How many lines are shown live, in all; after that one notice says the rest is hidden. */
  shownLines: number;
}

export class ProgramOutput {
  private readonly kept: string[] = [];
  /** The last non-empty line this run wrote to stderr: where a crash says why (see lastWords). */
  private lastErrorLine: string | null = null;
  private shown = 0;
  /** Who hears each line as it comes (a stage's record, Target.watchOutput). */
  private readonly listeners = new Set<(line: string) => void>();

  constructor(
    private readonly limits: OutputLimits,
    private readonly show: (line: string) => void,
    private readonly notice: (line: string) => void,
    /** The language of the notice. */
    private readonly language: Language = 'en',
  ) {}

  /** A writer for one of the program's streams (stdout or stderr each get their own, so lines do not mix). */
  stream(kind: 'stdout' | 'stderr' = 'stdout'): { write(chunk: Buffer): void; flush(): void } {
    let pending: Buffer = Buffer.alloc(0);
    const line = (bytes: Buffer): void => {
      const text = this.line(bytes);
      if (kind === 'stderr' && text.trim() !== '') this.lastErrorLine = text;
    };
    return {
      write: (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        for (let lf = pending.indexOf(0x0a); lf !== -1; lf = pending.indexOf(0x0a)) {
          line(pending.subarray(0, lf));
          pending = pending.subarray(lf + 1);
        }
        // A program that never prints a newline still gets its bytes cut into lines.
        if (pending.length > LINE_CHARS * 4) {
          line(pending);
          pending = Buffer.alloc(0);
        }
      },
      flush: () => {
        if (pending.length > 0) line(pending);
        pending = Buffer.alloc(0);
      },
    };
  }

  /** A new start of the program: its traces show only what this run printed. */
  restart(): void {
    this.kept.length = 0;
    this.lastErrorLine = null;
  }

  /** Calls `listener` with every line from now on, until the returned function is called. */
  watch(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  last(lines: number): string[] {
    return this.kept.slice(-lines);
  }

  /** The last line that says something, for "exited before listening: …"; null when it said nothing. */
  lastWords(): string | null {
    // A crash says why on stderr (a traceback's last line), and stdout's lines may arrive after
    // it (two pipes, or a container's two streams): the error line wins over a later print.
    return this.lastErrorLine ?? [...this.kept].reverse().find((line) => line.trim() !== '') ?? null;
  }

  private line(bytes: Buffer): string {
    const withoutCr = bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes;
    const decoded = withoutCr.subarray(0, LINE_CHARS * 4).toString('utf8');
    // A line of at most LINE_CHARS UTF-16 units has at most that many characters: no need to
    // split it (a server printing without end makes this the checker's hottest loop).
    const short = decoded.length <= LINE_CHARS && withoutCr.length <= LINE_CHARS * 4;
    const characters = short ? null : [...decoded];
    const cut = characters !== null && (characters.length > LINE_CHARS || withoutCr.length > LINE_CHARS * 4);
    const text = visibleText(characters === null ? decoded : characters.slice(0, LINE_CHARS).join('')) + (cut ? '…' : '');
    this.kept.push(text);
    if (this.kept.length > KEPT_LINES) this.kept.shift();
    for (const listener of this.listeners) listener(text);
    if (this.shown < this.limits.shownLines) this.show(text);
    else if (this.shown === this.limits.shownLines) this.notice(START_TEXTS[this.language].outputCut({ lines: this.limits.shownLines }));
    this.shown++;
    return text;
  }
}

