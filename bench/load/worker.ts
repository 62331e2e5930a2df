/**
 * A Node load worker, for the tasks where connections, not bytes, are the load: many idle
 * connections, connection churn, and the one huge message (message traffic is the C
 * generator's, closed-loop.c). Raw `net` sockets; reply lines cut by protocol/'s LineSplitter.
 * The orchestrator drives it: task -> ready -> go -> mark-start -> mark-end -> result.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { LineSplitter } from '../../protocol/line-splitter';
import type { LatencyPairs } from '../lib/latency';
import type { BigMessageTask, ChurnTask, Command, IdleTask, LoadResult, LoadTask, Report } from '../lib/tasks';

const HOST = '127.0.0.1';
/** After mark-end, how long outstanding replies may take before the worker stops waiting. */
const DRAIN_TIMEOUT_MS = 5000;
const MAX_SAMPLES = 5;

const port = parentPort;
if (port === null) throw new Error('bench/load/worker.ts runs as a worker thread');

function send(report: Report): void {
  port!.postMessage(report);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Counters shared by every kind of task; reset at mark-start. */
class Meter {
  measuring = false;
  startedAt = 0;
  /** Round trips in the window, in nanoseconds, one pair per sample (these tasks have few). */
  latencyNs: LatencyPairs = [];
  messages = 0;
  bytes = 0;
  mismatches = 0;
  mismatchesByCategory: Record<string, number> = {};
  answeredByCategory: Record<string, number> = {};
  mismatchSamples: LoadResult['mismatchSamples'] = [];
  errors = 0;
  errorSamples: string[] = [];

  start(): void {
    this.latencyNs = [];
    this.messages = 0;
    this.bytes = 0;
    this.measuring = true;
    this.startedAt = performance.now();
  }

  recordRoundTrip(ms: number): void {
    this.latencyNs.push([Math.max(1, Math.round(ms * 1e6)), 1]);
  }

  mismatch(category: string, expected: string, got: Uint8Array): void {
    this.mismatches++;
    this.mismatchesByCategory[category] = (this.mismatchesByCategory[category] ?? 0) + 1;
    if (this.mismatchSamples.length < MAX_SAMPLES) {
      this.mismatchSamples.push({ category, expected: expected.slice(0, 160), got: Buffer.from(got).toString('utf8').slice(0, 160) });
    }
  }

  error(error: unknown): void {
    this.errors++;
    if (this.errorSamples.length < MAX_SAMPLES) {
      const e = error as NodeJS.ErrnoException;
      this.errorSamples.push(e?.code ?? e?.message ?? String(error));
    }
  }

  result(windowMs: number, unanswered: number, extra: LoadResult['extra'] = {}): LoadResult {
    return {
      windowMs,
      messages: this.messages,
      bytes: this.bytes,
      latencyNs: this.latencyNs,
      mismatches: this.mismatches,
      mismatchesByCategory: this.mismatchesByCategory,
      answeredByCategory: this.answeredByCategory,
      mismatchSamples: this.mismatchSamples,
      errors: this.errors,
      errorSamples: this.errorSamples,
      unanswered,
      extra,
    };
  }
}

/** Opens `count` sockets, at most `concurrency` connecting at once. */
async function openSockets(count: number, concurrency: number, meter: Meter, onOpen?: (socket: Socket, index: number) => Promise<void>): Promise<Socket[]> {
  const sockets: Socket[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const socket = await new Promise<Socket | null>((resolve) => {
        const s = connect({ host: HOST, port: currentPort, noDelay: true });
        const failed = (error: Error): void => {
          meter.error(error);
          s.destroy();
          resolve(null);
        };
        s.once('connect', () => {
          s.off('error', failed);
          resolve(s);
        });
        s.once('error', failed);
      });
      if (socket === null) continue;
      socket.on('error', (error) => meter.error(error));
      sockets.push(socket);
      if (onOpen) await onOpen(socket, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return sockets;
}

let currentPort = 0;

/** Calls `onLine` once, with the first reply line the socket receives. */
function onFirstLine(socket: Socket, onLine: (line: Buffer) => void): void {
  const splitter = new LineSplitter();
  let done = false;
  const onData = (data: Buffer): void =>
    splitter.push(data, (line) => {
      if (done) return;
      done = true;
      socket.off('data', onData);
      onLine(line);
    });
  socket.on('data', onData);
}

// ---- one big message ------------------------------------------------------------------

async function runBigMessage(task: BigMessageTask): Promise<void> {
  const meter = new Meter();
  const [socket] = await openSockets(1, 1, meter);
  const chunk = Buffer.from(task.chunk.buffer, task.chunk.byteOffset, task.chunk.byteLength);
  let reply: Buffer | null = null;
  const replied = new Promise<void>((resolve) => {
    onFirstLine(socket, (line) => {
      reply = line;
      resolve();
    });
    socket.on('close', () => {
      closedWithoutReply = reply === null;
      resolve();
    });
  });
  let closedWithoutReply = false;
  send({ type: 'ready' });
  await nextCommand('go');
  meter.start();
  let timedOut = false;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    deadlineTimer = setTimeout(() => {
      timedOut = true;
      resolve();
    }, task.timeoutMs);
  });
  let written = 0;
  for (let i = 0; i < task.repeat && !timedOut && !socket.destroyed; i++) {
    if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), replied, deadline]);
    written++;
  }
  if (!timedOut && !socket.destroyed) socket.write('\n');
  const sentMs = performance.now() - meter.startedAt;
  await Promise.race([replied, deadline]);
  clearTimeout(deadlineTimer);
  const windowMs = performance.now() - meter.startedAt;
  const got: Buffer | null = reply;
  const bytesAccepted = socket.bytesWritten - socket.writableLength;
  if (got !== null) {
    const line: Buffer = got;
    meter.recordRoundTrip(windowMs);
    meter.messages = 1;
    meter.bytes = task.chunk.byteLength * task.repeat + 1;
    if (line.toString('utf8') !== task.expected) meter.mismatch('big', task.expected, line);
  }
  socket.destroy();
  send({
    type: 'result',
    result: meter.result(windowMs, got === null ? 1 : 0, {
      timedOut: got === null && !closedWithoutReply,
      closedWithoutReply,
      chunksWritten: written,
      bytesAccepted,
      sendMs: Math.round(sentMs),
    }),
  });
}

// ---- many idle connections ---------------------------------------------------------------

async function runIdle(task: IdleTask): Promise<void> {
  const meter = new Meter();
  const message = Buffer.from(task.message);
  const expected = Buffer.from(task.expected, 'utf8');
  const started = performance.now();
  let answered = 0;
  let sockets: Socket[] = [];
  try {
    sockets = await openSockets(task.connections, task.concurrency, meter, (socket) =>
      new Promise<void>((resolve) => {
        onFirstLine(socket, (line) => {
          if (line.equals(expected)) answered++;
          else meter.mismatch('idle', task.expected, line);
          resolve();
        });
        socket.once('close', () => resolve());
        socket.write(message);
      }),
    );
  } catch (error) {
    meter.error(error);
  }
  const openMs = performance.now() - started;
  send({ type: 'ready', openMs });
  await nextCommand('mark-end');
  const open = sockets.filter((s) => s !== undefined && !s.destroyed).length;
  for (const socket of sockets) socket?.destroy();
  meter.messages = answered;
  send({
    type: 'result',
    result: meter.result(openMs, task.connections - answered, { open, openMs: Math.round(openMs), connectionsPerSec: Math.round((task.connections / openMs) * 1000) }),
  });
}

// ---- connection churn --------------------------------------------------------------------

async function runChurn(task: ChurnTask): Promise<void> {
  const meter = new Meter();
  const message = Buffer.from(task.message);
  const expected = Buffer.from(task.expected, 'utf8');
  let running = false;
  let active = 0;
  let whenDone: (() => void) | null = null;
  const cycle = (): void => {
    if (!running) {
      if (active === 0) whenDone?.();
      return;
    }
    active++;
    const startedAt = performance.now();
    const socket = connect({ host: HOST, port: currentPort, noDelay: true });
    let got: Buffer | null = null;
    let failed = false;
    socket.on('connect', () => socket.write(message));
    onFirstLine(socket, (line) => {
      got = line;
      socket.end();
    });
    socket.on('error', (error) => {
      failed = true;
      meter.error(error);
    });
    socket.on('close', () => {
      active--;
      if (!failed && got !== null && meter.measuring) {
        const line: Buffer = got;
        if (!line.equals(expected)) meter.mismatch('churn', task.expected, line);
        meter.recordRoundTrip(performance.now() - startedAt);
        meter.messages++;
        meter.bytes += message.length;
      } else if (!failed && got === null && meter.measuring) {
        meter.error(new Error('closed without a reply'));
      }
      // Failed connects (port exhaustion, refusals) back off a little instead of spinning.
      if (failed) setTimeout(cycle, 5);
      else cycle();
    });
  };
  send({ type: 'ready' });
  await nextCommand('go');
  running = true;
  for (let i = 0; i < task.concurrency; i++) cycle();
  await nextCommand('mark-start');
  meter.start();
  await nextCommand('mark-end');
  meter.measuring = false;
  const windowMs = performance.now() - meter.startedAt;
  running = false;
  if (active > 0) await Promise.race([new Promise<void>((resolve) => (whenDone = resolve)), sleep(DRAIN_TIMEOUT_MS)]);
  send({ type: 'result', result: meter.result(windowMs, active, { concurrency: task.concurrency }) });
}

// ---- command plumbing -------------------------------------------------------------------

const waiting = new Map<string, () => void>();
const early = new Set<string>();

function nextCommand(type: 'go' | 'mark-start' | 'mark-end'): Promise<void> {
  if (early.delete(type)) return Promise.resolve();
  return new Promise((resolve) => waiting.set(type, resolve));
}

async function runTask(task: LoadTask): Promise<void> {
  currentPort = task.port;
  switch (task.kind) {
    case 'closed-loop':
    case 'stream':
      throw new Error(`${task.kind} tasks run on the C load generator (bench/lib/c-load.ts)`);
    case 'big-message':
      return runBigMessage(task);
    case 'idle':
      return runIdle(task);
    case 'churn':
      return runChurn(task);
  }
}

port.on('message', (command: Command) => {
  if (command.type === 'task') {
    waiting.clear();
    early.clear();
    runTask(command.task).catch((error: unknown) => send({ type: 'failed', error: (error as Error)?.stack ?? String(error) }));
    return;
  }
  const resolve = waiting.get(command.type);
  if (resolve) {
    waiting.delete(command.type);
    resolve();
  } else {
    early.add(command.type);
  }
});
