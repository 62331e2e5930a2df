/** A running compiled server: its log lines as they arrive, waits on them and on its exit, and stopping it. */
import type { ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../../../protocol';
import { liveServers } from './cleanup';
import { waitWithListeners } from './wait-with-listeners';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServerProcess {
  readonly stdoutLines: string[] = [];
  stdoutText = '';
  stderrText = '';
  port = 0;
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;
  private readonly stdoutDecoder = new StringDecoder('utf8');
  private readonly logLines = new LineSplitter();
  private listeners = new Set<() => void>();

  constructor(
    readonly child: ChildProcess,
    readonly argv: string[],
    readonly shared: boolean,
  ) {
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: Buffer) => {
      this.stdoutText += this.stdoutDecoder.write(chunk);
      this.logLines.push(chunk, (line) => this.stdoutLines.push(line.toString('utf8')));
      this.notify();
    });
    child.stderr!.on('data', (text: string) => {
      this.stderrText += text;
      this.notify();
    });
    this.exited = new Promise<Exit>((resolveExit) => {
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        this.notify();
        resolveExit(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the first stdout line (from index `from`) matching `pattern`; rejects with the log so far on timeout or exit. */
  waitForLine(pattern: RegExp | ((line: string) => boolean), timeoutMs = 5000, from = 0): Promise<string> {
    const matches = typeof pattern === 'function' ? pattern : (line: string) => pattern.test(line);
    return waitWithListeners<string>(
      this.listeners,
      (resolveLine, reject) => {
        for (let i = from; i < this.stdoutLines.length; i++) {
          if (matches(this.stdoutLines[i])) {
            resolveLine(this.stdoutLines[i]);
            return true;
          }
        }
        if (this.exit !== undefined) {
          reject(new Error(`server exited (${JSON.stringify(this.exit)}) before logging a line matching ${String(pattern)}\n${this.describeForFailure()}`));
          return true;
        }
        return false;
      },
      timeoutMs,
      () => new Error(`no server log line matching ${String(pattern)} within ${timeoutMs} ms\n${this.describeForFailure()}`),
    );
  }

  /** Log lines whose text matches. */
  linesMatching(pattern: RegExp): string[] {
    return this.stdoutLines.filter((line) => pattern.test(line));
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exit === undefined) this.child.kill(signal);
  }

  /** Resolves with the exit, or rejects when the process is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`server still running ${timeoutMs} ms later\n${this.describeForFailure()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 3000): Promise<Exit> {
    liveServers.delete(this);
    if (this.exit !== undefined) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  describeForFailure(): string {
    const tail = this.stdoutLines.slice(-40).join('\n');
    return (
      `--- server ${this.argv.join(' ')} (pid ${this.pid}, exit ${JSON.stringify(this.exit ?? null)})\n` +
      `--- last stdout lines (${this.stdoutLines.length} total):\n${tail}\n--- stderr:\n${this.stderrText}---\n`
    );
  }
}
