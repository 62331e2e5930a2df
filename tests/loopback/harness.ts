/**
 * Loopback harness: starts the REAL compiled server and client (dist/, built by
 * `npm run build`) as child processes on an ephemeral port, talks to them over raw
 * sockets, and cleans every process and socket up after each test, even on failure.
 *
 * Every child runs in an empty temporary directory with every setting variable removed
 * from its environment, so a developer's .env or shell cannot change the results. The one
 * exception is ACCELERATION, which each server gets from this test process: the vitest
 * project sets it, so the same suite runs against the plain server and the accelerated one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { LineSplitter } from '../../protocol';
import { connectWithin } from '../support/connect-within';
import { freePort } from '../support/free-port';
import { serverEnvironment, withoutLabSettings } from '../support/lab-settings';

export const ROOT = resolve(__dirname, '..', '..');
export const SERVER_JS = join(ROOT, 'dist', 'server', 'main.js');
export const CLIENT_JS = join(ROOT, 'dist', 'client', 'main.js');
export const LAB_SESSION = join(ROOT, 'lab-notes', 'scripts', 'lab-session.txt');
export const LOOPBACK = '127.0.0.1';

export const ID_SENTENCE = 'Jumlah karakter dalam kalimat tersebut adalah ';
export const EN_SENTENCE = 'The number of characters in that sentence is ';
/** The default (Indonesian) reply line for a count, without its LF. */
export const idReply = (count: number): string => `${ID_SENTENCE}${count}`;
export const enReply = (count: number): string => `${EN_SENTENCE}${count}`;

/** An ISO-8601 UTC time as the logger writes it, at the very start of a text log line. */
export const LOG_LINE_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (INFO |WARN |ERROR|DEBUG) /;

/** This process's environment without any server or client setting, plus `extra`: for the client and other programs. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...withoutLabSettings(process.env), ...extra };
}

let scratch: string | undefined;
/** An empty directory (no .env) used as every child's cwd; removed when the file's tests end. */
export function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'charcount-loopback-'));
  return scratch;
}

/** A new empty directory inside the scratch directory. */
export function scratchSubdir(prefix: string): string {
  return mkdtempSync(join(scratchDir(), `${prefix}-`));
}

/** Writes a file into the scratch directory and returns its path. */
export function scratchFile(name: string, content: string | Buffer): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, content);
  return path;
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// Cleanup registry: everything a test starts is stopped after it, pass or fail.

const liveChildren = new Set<ChildProcess>();
const liveSockets = new Set<Socket>();
const liveServers = new Set<ServerProcess>();
/** Servers started in beforeAll by sharedServer(); stopped after the file. */
const sharedServers = new Set<ServerProcess>();
const cleanups = new Set<() => Promise<void> | void>();

/** Runs `fn` after the current test. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.add(fn);
}

async function cleanupAll(): Promise<void> {
  for (const socket of liveSockets) socket.destroy();
  liveSockets.clear();
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    await fn();
  }
  await Promise.all([...liveServers].map((server) => server.stop()));
  for (const child of liveChildren) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  liveChildren.clear();
}

/**
 * Call once at the top of a test file: stops every server, client and socket a test
 * started after it, prints the servers' logs when a test fails, and removes the scratch
 * directory at the end.
 */
export function useLoopbackHarness(): void {
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const server of [...liveServers, ...sharedServers]) process.stderr.write(server.describeForFailure());
    }
    await cleanupAll();
  });
  afterAll(async () => {
    await cleanupAll();
    await Promise.all([...sharedServers].map((server) => server.stop()));
    sharedServers.clear();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });
}

// Last resort: if the test process itself goes away, take every child with it.
process.once('exit', () => {
  for (const server of [...liveServers, ...sharedServers]) server.child.kill('SIGKILL');
  for (const child of liveChildren) child.kill('SIGKILL');
});

/** A server started once in beforeAll for every test of a describe block (default settings unless given). */
export function sharedServer(options: ServerOptions = {}): { current: () => ServerProcess } {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServer({ ...options, shared: true });
  });
  return {
    current: () => {
      if (server === undefined) throw new Error('shared server not started');
      return server;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The server process

export interface ServerOptions {
  /** Extra command-line flags (the harness adds --port 0 and --host 127.0.0.1 unless given). */
  args?: string[];
  /** Extra environment variables (on top of a clean environment). */
  env?: Record<string, string>;
  /** Bind address; null to pass no --host at all (the default: all interfaces). */
  host?: string | null;
  /** Default 0 (ephemeral); null to pass no --port at all (to test PORT from the environment). */
  port?: number | null;
  /** Working directory (where the server looks for .env); default the empty scratch directory. */
  cwd?: string;
  /** Kept alive for the whole file instead of being stopped after each test. */
  shared?: boolean;
  startTimeoutMs?: number;
}

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

/** The port from the startup line, text ("listening on port N (...)" or "listening on 127.0.0.1:N;") or json. */
function listeningPort(line: string): number | undefined {
  if (line.startsWith('{')) {
    try {
      const entry = JSON.parse(line) as { event?: string; port?: number };
      return entry.event === 'listening' ? entry.port : undefined;
    } catch {
      return undefined;
    }
  }
  const match = /charcount-server listening on (?:port (\d+)|\S*:(\d+);)/.exec(line);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

/**
 * Spawns the compiled server and resolves once it listens: from its startup line, or,
 * when a quieter --log-level hides that line, by connecting to a port chosen beforehand.
 */
export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const args = options.args ?? [];
  const level = args[args.indexOf('--log-level') + 1];
  const silentStartup = args.includes('--log-level') && (level === 'warn' || level === 'error');
  if (silentStartup) {
    const port = options.port ?? (await freePort());
    if (port === 0) throw new Error('a server with a quiet --log-level needs a known port');
    const server = spawnServer({ ...options, port });
    await waitUntilAccepting(server, port, options.startTimeoutMs ?? 10_000);
    server.port = port;
    return server;
  }
  const server = spawnServer(options);
  const line = await server.waitForLine((l) => listeningPort(l) !== undefined, options.startTimeoutMs ?? 10_000);
  server.port = listeningPort(line)!;
  return server;
}

async function waitUntilAccepting(server: ServerProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (server.exit !== undefined) throw new Error(`server exited before listening\n${server.describeForFailure()}`);
    const accepted = await new Promise<boolean>((done) => {
      const probe = connect({ host: LOOPBACK, port });
      probe.once('connect', () => {
        probe.destroy();
        done(true);
      });
      probe.once('error', () => done(false));
    });
    if (accepted) return;
    if (performance.now() > deadline) throw new Error(`server not accepting on port ${port} within ${timeoutMs} ms\n${server.describeForFailure()}`);
    await sleep(50);
  }
}

/** Spawns the compiled server without waiting for anything (for startup failures). */
export function spawnServer(options: ServerOptions = {}): ServerProcess {
  if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run npm run build first`);
  const args = [...(options.args ?? [])];
  if (!args.includes('--port') && options.port !== null) args.push('--port', String(options.port ?? 0));
  const host = options.host === undefined ? LOOPBACK : options.host;
  if (host !== null && !args.includes('--host')) args.push('--host', host);
  const child = spawn(process.execPath, [SERVER_JS, ...args], {
    cwd: options.cwd ?? scratchDir(),
    env: { ...serverEnvironment(process.env), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new ServerProcess(child, args, options.shared === true);
  if (options.shared) sharedServers.add(server);
  else liveServers.add(server);
  return server;
}

/** Runs the server with arguments that make it exit at once (bad settings); resolves with its exit and output. */
export async function runServerExpectingExit(options: ServerOptions, timeoutMs = 10_000): Promise<{ exit: Exit; stdout: string; stderr: string }> {
  const server = spawnServer(options);
  const exit = await server.waitForExit(timeoutMs);
  return { exit, stdout: server.stdoutText, stderr: server.stderrText };
}

// ---------------------------------------------------------------------------------------------
// The client process

export interface ClientRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs the compiled client to completion (killed after `timeoutMs`). */
export function runClient(
  args: string[],
  options: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<ClientRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLIENT_JS, ...args], {
    cwd: options.cwd ?? scratchDir(),
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolveRun) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolveRun({ code, signal, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

/** A readable summary of a client run, for assertion messages. */
export function describeRun(run: ClientRun): string {
  return `exit ${run.code} (signal ${run.signal}) after ${run.durationMs.toFixed(0)} ms\n--- stdout:\n${run.stdout}--- stderr:\n${run.stderr}---`;
}

// ---------------------------------------------------------------------------------------------
// Raw sockets

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

/** A plain node:net server in the test process; closed after the test. */
export async function tinyServer(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer({ allowHalfOpen: false }, (socket) => {
    liveSockets.add(socket);
    socket.on('close', () => liveSockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((done) => server.listen(0, LOOPBACK, done));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  return (server.address() as AddressInfo).port;
}

/** Runs async tasks with at most `limit` in flight. */
export async function inBatches<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  });
  await Promise.all(runners);
  return results;
}

/**
 * Waits until `settle` ends the wait (it resolves or rejects, and returns true), checking at
 * once and again whenever one of `listeners` fires; rejects with `timedOut()` after `timeoutMs`.
 */
function waitWithListeners<T>(
  listeners: Set<() => void>,
  settle: (resolve: (value: T) => void, reject: (error: Error) => void) => boolean,
  timeoutMs: number,
  timedOut: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (settle(resolve, reject)) return;
    const listener = (): void => {
      if (settle(resolve, reject)) finish();
    };
    const timer = setTimeout(() => {
      finish();
      reject(timedOut());
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      listeners.delete(listener);
    };
    listeners.add(listener);
  });
}
