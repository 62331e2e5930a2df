/**
 * A deliberately plain TCP client for the tests: write bytes, read reply lines. It does not
 * use the project's client or the server's decoder, so it cannot share their mistakes; it
 * cuts reply lines with the one line splitter every client shares.
 */
import type { Socket } from 'node:net';
import { LineSplitter } from '../../../protocol';
import { connectWithin } from '../../support/connect-within';

export class LineClient {
  private readonly replyLines = new LineSplitter();
  private readonly lines: string[] = [];
  private waiter: (() => void) | null = null;
  private ended = false;
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.replyLines.push(chunk, (line) => this.lines.push(line.toString('utf8')));
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => {
      this.ended = true;
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async connect(host: string, port: number, timeoutMs = 10_000): Promise<LineClient> {
    return new LineClient(await connectWithin(host, port, timeoutMs));
  }


  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (error) => (error ? reject(error) : resolve())));
  }

  async readLine(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.ended) throw new Error(`the server closed the connection; unterminated bytes: ${JSON.stringify(this.replyLines.finish()?.toString('utf8') ?? '')}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no reply line within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    return this.lines.shift()!;
  }

  async readLines(count: number, timeoutMs = 10_000): Promise<string[]> {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(await this.readLine(timeoutMs));
    return lines;
  }

  /** Half-closes (FIN), then waits for the server to close its side too. */
  async end(timeoutMs = 5_000): Promise<void> {
    this.socket.end();
    await Promise.race([this.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the server did not close')), timeoutMs).unref())]);
  }

  /** "local -> remote" addresses, for failure messages. */
  describe(): string {
    return `${this.socket.localAddress}:${this.socket.localPort} -> ${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    this.waiter?.();
  }
}

/** One connection: send the bytes, read `replies` lines, close. */
export async function exchange(host: string, port: number, data: string | Uint8Array, replies = 1, timeoutMs = 10_000): Promise<string[]> {
  const client = await LineClient.connect(host, port);
  try {
    await client.write(data);
    return await client.readLines(replies, timeoutMs);
  } finally {
    client.destroy();
  }
}
