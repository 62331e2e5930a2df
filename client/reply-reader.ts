import type { Socket } from 'node:net';
import { LineSplitter } from '../protocol';

export type ReplyWait = { line: string } | { ended: 'closed' | 'timeout' };

/** Reads reply lines (ended by a newline or by the end of the stream) from a socket in order; each `next()` waits for the next line, the end of the stream, or a timeout. */
export class ReplyReader {
  private readonly lines: string[] = [];
  private readonly splitter = new LineSplitter();
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.close());
    socket.on('close', () => this.close());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error.code ?? error.message;
      this.close();
    });
  }

  /** Why the connection ended, when it ended with a socket error (ECONNRESET, EPIPE ...). */
  error: string | undefined;

  async next(timeoutMs: number): Promise<ReplyWait> {
    const deadline = performance.now() + timeoutMs;
    // Woken by every chunk: a reply split across reads wakes this before its line is complete.
    while (this.lines.length === 0 && !this.closed) {
      const remainingMs = deadline - performance.now();
      if (remainingMs <= 0) return { ended: 'timeout' };
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, remainingMs);
      });
      clearTimeout(timer);
      this.wake = undefined;
    }
    const line = this.lines.shift();
    return line === undefined ? { ended: 'closed' } : { line };
  }

  private receive(chunk: Buffer): void {
    this.splitter.push(chunk, (line) => this.lines.push(line.toString('utf8')));
    this.wake?.();
  }

  /** A server may end its last reply by closing instead of with a newline, as the classic Python answer does. */
  private close(): void {
    const last = this.splitter.finish();
    if (last !== undefined) this.lines.push(last.toString('utf8'));
    this.closed = true;
    this.wake?.();
  }
}
