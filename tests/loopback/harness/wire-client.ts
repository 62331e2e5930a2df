import type { Socket } from 'node:net';
import { LineSplitter } from '../../../protocol';
import { connectWithin } from '../../support/connect-within';
import { liveSockets } from './cleanup';
import { LOOPBACK } from '../../support/paths';
import { waitWithListeners } from './wait-with-listeners';

/**
 * A raw TCP connection that collects the server's reply lines (split at LF, LF removed).
 * With `read: false` it never reads, so the kernel buffers fill (backpressure tests).
 */
export class WireClient {
  readonly lines: string[] = [];
  /** Every byte received, in order. */
  received = Buffer.alloc(0);
  endedAt: number | undefined;
  closedAt: number | undefined;
  error: NodeJS.ErrnoException | undefined;
  readonly ended: Promise<void>;
  readonly closed: Promise<void>;
  private readonly replyLines = new LineSplitter();
  private cursor = 0;
  private listeners = new Set<() => void>();

  private constructor(
    readonly socket: Socket,
    read: boolean,
  ) {
    liveSockets.add(socket);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error;
      this.notify();
    });
    if (read) socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.ended = new Promise((resolveEnd) =>
      socket.once('end', () => {
        this.endedAt = performance.now();
        this.notify();
        resolveEnd();
      }),
    );
    this.closed = new Promise((resolveClose) =>
      socket.once('close', () => {
        this.closedAt = performance.now();
        liveSockets.delete(socket);
        this.notify();
        resolveClose();
      }),
    );
  }

  static async connect(port: number, options: { host?: string; read?: boolean; timeoutMs?: number } = {}): Promise<WireClient> {
    const socket = await connectWithin(options.host ?? LOOPBACK, port, options.timeoutMs ?? 5000, { allowHalfOpen: true });
    return new WireClient(socket, options.read ?? true);
  }

  /** Resolves when the bytes are handed to the kernel. */
  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolveWrite, reject) => {
      this.socket.write(data, (error) => (error ? reject(error) : resolveWrite()));
    });
  }

  /** Half-close: sends FIN, keeps reading. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  get isEnded(): boolean {
    return this.endedAt !== undefined || this.closedAt !== undefined;
  }

  /** The next `count` reply lines not yet taken by an earlier call; rejects, showing what did arrive, on timeout or close. */
  async nextLines(count: number, timeoutMs = 5000): Promise<string[]> {
    await this.waitUntil(() => this.lines.length - this.cursor >= count, timeoutMs, () => `${count} more reply line(s)`);
    const taken = this.lines.slice(this.cursor, this.cursor + count);
    this.cursor += count;
    return taken;
  }

  async nextLine(timeoutMs = 5000): Promise<string> {
    return (await this.nextLines(1, timeoutMs))[0];
  }

  /** Lines that arrived and were not taken yet. */
  get unreadLines(): string[] {
    return this.lines.slice(this.cursor);
  }

  /** Waits for the server's FIN (or the socket closing); rejects on timeout. */
  async waitForEnd(timeoutMs = 5000): Promise<void> {
    await this.waitUntil(() => this.isEnded, timeoutMs, () => 'the server to end the connection', false);
  }

  /** True when a condition becomes true within the time, false when the time passes. */
  async within(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    try {
      await this.waitUntil(condition, timeoutMs, () => '', false);
      return true;
    } catch {
      return false;
    }
  }

  private waitUntil(condition: () => boolean, timeoutMs: number, what: () => string, failOnClose = true): Promise<void> {
    const describe = (why: string): Error =>
      new Error(
        `waited for ${what()}: ${why}; lines received so far: ${JSON.stringify(this.lines)}` +
          (this.replyLines.pendingBytes > 0 ? `, partial: ${JSON.stringify(this.unterminated)}` : '') +
          (this.error ? `, socket error ${this.error.code ?? this.error.message}` : ''),
      );
    return waitWithListeners<void>(
      this.listeners,
      (resolveWait, reject) => {
        if (condition()) {
          resolveWait();
          return true;
        }
        if (failOnClose && this.closedAt !== undefined) {
          reject(describe('the connection closed'));
          return true;
        }
        return false;
      },
      timeoutMs,
      () => describe(`nothing more within ${timeoutMs} ms`),
    );
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** The bytes after the last LF received, as text. */
  private get unterminated(): string {
    return this.received.subarray(this.received.length - this.replyLines.pendingBytes).toString('utf8');
  }

  private receive(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    this.replyLines.push(chunk, (line) => this.lines.push(line.toString('utf8')));
    this.notify();
  }
}
