/**
 * A bare connection that collects reply lines and knows nothing about the protocol: from
 * protocol/ only the line splitter every client shares, never the decoder, since what the
 * replies should be comes from the independent model in model.ts. No vitest here, so the
 * container suite and the soak can use it too.
 */
import type { Socket } from 'node:net';
import { LineSplitter } from '../../protocol';
import { connectWithin } from '../support/connect-within';

export class RawConnection {
  readonly lines: string[] = [];
  private readonly replyLines = new LineSplitter();
  /** The bytes after the last LF: always the end of what the splitter holds and of this chunk. */
  private partial = Buffer.alloc(0);
  ended = false;
  closed = false;
  error: NodeJS.ErrnoException | undefined;
  private waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.replyLines.push(chunk, (line) => this.lines.push(line.toString('utf8')));
      const pending = this.replyLines.pendingBytes;
      this.partial = pending === 0 ? Buffer.alloc(0) : Buffer.concat([this.partial, chunk]).subarray(-pending);
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(host: string, port: number, timeoutMs = 10_000): Promise<RawConnection> {
    return new RawConnection(await connectWithin(host, port, timeoutMs, { allowHalfOpen: true }));
  }

  /** Bytes after the last LF (a reply cut short). */
  get unterminated(): string {
    return this.partial.toString('utf8');
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** True once `condition` holds, false if `timeoutMs` passes first. */
  async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((done) => {
        const timer = setTimeout(finish, left);
        this.waiters.add(finish);
        function finish(): void {
          clearTimeout(timer);
          done();
        }
      });
    }
    return true;
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }
}
