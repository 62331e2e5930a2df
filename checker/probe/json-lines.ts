/**
 * One JSON value per line, in both directions of the probe agent's pipe. A line longer than
 * the limit is not buffered without end: the reader says so once and skips to the next line.
 */
const LF = 0x0a;

export interface JsonLineHandlers {
  /** A complete line, parsed; `value` is undefined when the line is not JSON (`error` says why). */
  line(value: unknown, error: string | null): void;
  /** The stream ended or failed (`failure`: the stream's error): no more lines. */
  end(reason: string, failure?: Error): void;
}

export function readJsonLines(input: NodeJS.ReadableStream, maxLineBytes: number, handlers: JsonLineHandlers): void {
  let pieces: Buffer[] = [];
  let pending = 0;
  let skipping = false;
  const finish = (text: Buffer): void => {
    if (skipping) {
      skipping = false;
      handlers.line(undefined, `a line longer than ${maxLineBytes} bytes`);
      return;
    }
    try {
      handlers.line(JSON.parse(text.toString('utf8')), null);
    } catch (error) {
      handlers.line(undefined, `not JSON: ${(error as Error).message}`);
    }
  };
  input.on('data', (data: Buffer | string) => {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    let start = 0;
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, start)) {
      const tail = chunk.subarray(start, lf);
      const whole = pieces.length === 0 ? tail : Buffer.concat([...pieces, tail]);
      pieces = [];
      pending = 0;
      start = lf + 1;
      if (whole.length > 0 || skipping) finish(whole);
    }
    const rest = chunk.subarray(start);
    if (skipping || rest.length === 0) return;
    if (pending + rest.length > maxLineBytes) {
      skipping = true;
      pieces = [];
      pending = 0;
      return;
    }
    pieces.push(rest);
    pending += rest.length;
  });
  let ended = false;
  const end = (reason: string, failure?: Error): void => {
    if (ended) return;
    ended = true;
    handlers.end(reason, failure);
  };
  input.once('end', () => end('the stream ended'));
  input.once('close', () => end('the stream closed'));
  input.once('error', (error: Error) => end(`the stream failed: ${error.message}`, error));
}

export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
