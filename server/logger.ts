export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogFields = Record<string, string | number | boolean | undefined>;

/**
 * One line per event on stdout. In text format the line is the time, the level and a
 * sentence; in json format it is an object with the same sentence and the event's fields.
 * Callers escape anything a client sent before it reaches a sentence (see renderPreview).
 */
export class Logger {
  private readonly threshold: number;

  constructor(
    level: LogLevel,
    private readonly format: LogFormat,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
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
    const time = this.now().toISOString();
    this.write(
      this.format === 'json'
        ? `${JSON.stringify({ time, level, event, msg: text, ...fields })}\n`
        : `${time} ${level.toUpperCase().padEnd(5)} ${text}\n`,
    );
  }
}
