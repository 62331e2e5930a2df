export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

type LogFields = Record<string, string | number | boolean | undefined>;

/** The server's own life (start, shutdown, stop) is always logged, even while lines are being dropped. */
const NEVER_DROPPED = new Set(['listening', 'shutdown', 'stopped', 'forced', 'log-dropped']);

/**
 * One line per event on stdout. In text format the line is the time, the level and a
 * sentence; in json format it is an object with the same sentence and the event's fields.
 * Callers escape anything a client sent before it reaches a sentence (see renderPreview).
 *
 * When whatever reads stdout falls behind, info and debug lines (one per message or
 * connection, the bulk of the log) are counted and dropped instead of queued, so a slow log
 * reader cannot make the server's memory grow; the count is logged once the reader catches
 * up. Warnings, errors and the server's start and stop are always written.
 */
export class Logger {
  private readonly threshold: number;
  private backedUp = false;
  private dropped = 0;

  constructor(
    level: LogLevel,
    private readonly format: LogFormat,
    private readonly output: NodeJS.WritableStream = process.stdout,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.threshold = LOG_LEVELS.indexOf(level);
  }

  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= this.threshold;
  }

  error(event: string, text: string, fields: LogFields = {}): void {
    this.log('error', event, text, fields);
  }

  warn(event: string, text: string, fields: LogFields = {}): void {
    this.log('warn', event, text, fields);
  }

  info(event: string, text: string, fields: LogFields = {}): void {
    this.log('info', event, text, fields);
  }

  debug(event: string, text: string, fields: LogFields = {}): void {
    this.log('debug', event, text, fields);
  }

  private log(level: LogLevel, event: string, text: string, fields: LogFields): void {
    if (!this.enabled(level)) return;
    if (this.backedUp && (level === 'info' || level === 'debug') && !NEVER_DROPPED.has(event)) {
      this.dropped++;
      return;
    }
    const time = this.now().toISOString();
    const line =
      this.format === 'json'
        ? `${JSON.stringify({ time, level, event, msg: text, ...fields })}\n`
        : `${time} ${level.toUpperCase().padEnd(5)} ${text}\n`;
    if (this.output.write(line)) return;
    this.backedUp = true;
    this.output.once('drain', () => this.caughtUp());
  }

  private caughtUp(): void {
    this.backedUp = false;
    const dropped = this.dropped;
    this.dropped = 0;
    if (dropped > 0) this.warn('log-dropped', `${dropped} log lines dropped: stdout was not being read fast enough`, { dropped });
  }
}
