/**
 * A load worker: raw `net` sockets, replies found with Buffer.indexOf (never decoded to
 * strings unless a reply is wrong), and every batch of messages sent with one write.
 * The orchestrator drives it: task -> ready -> go -> mark-start -> mark-end -> result.
 */
import { connect, type Socket } from 'node:net';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type {
  BigMessageTask,
  ChurnTask,
  ClosedLoopTask,
  Command,
  IdleTask,
  LoadResult,
  LoadTask,
  Report,
  StreamTask,
} from '../lib/tasks';

const LF = 0x0a;
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
  histogram: RecordableHistogram = createHistogram({ lowest: 1, highest: 3_600_000_000_000, figures: 3 });
  messages = 0;
  bytes = 0;
  mismatches = 0;
  mismatchesByCategory: Record<string, number> = {};
  answeredByCategory: Record<string, number> = {};
  mismatchSamples: LoadResult['mismatchSamples'] = [];
  errors = 0;
  errorSamples: string[] = [];
  /** Closed loop: replies checked per corpus message (warm-up included, like the mismatches), turned into answeredByCategory at the end. */
  answeredByIndex: Float64Array = new Float64Array(0);

  start(): void {
    this.histogram.reset();
    this.messages = 0;
    this.bytes = 0;
    this.measuring = true;
    this.startedAt = performance.now();
  }

  recordRoundTrip(ms: number): void {
    this.histogram.record(Math.max(1, Math.round(ms * 1e6)));
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
      histogram: this.histogram,
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

// ---- closed loop: N connections, `depth` messages in flight on each ------------------------

interface PreparedCorpus {
  data: Buffer;
  count: number;
  roundBytes: number;
  offsets: number[];
  lengths: number[];
  expected: Buffer[];
  expectedText: string[];
  prefixOnly: boolean[];
  category: string[];
}

function prepareCorpus(task: ClosedLoopTask): PreparedCorpus {
  const c = task.corpus;
  const lengths = c.offsets.slice(1).map((end, i) => end - c.offsets[i]);
  return {
    data: Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength),
    count: c.count,
    roundBytes: c.offsets[c.count],
    offsets: c.offsets,
    lengths,
    expected: c.expected.map((line) => Buffer.from(line, 'utf8')),
    expectedText: c.expected,
    prefixOnly: c.prefixOnly,
    category: c.category,
  };
}

class LoopConnection {
  private sendIndex = 0;
  private replyIndex = 0;
  inFlight = 0;
  private readonly sentAt: Float64Array;
  private sentHead = 0;
  private sentTail = 0;
  private carry: Buffer | null = null;
  private checked = 0;
  sending = true;

  constructor(
    readonly socket: Socket,
    private readonly corpus: PreparedCorpus,
    private readonly depth: number,
    private readonly verifyAll: boolean,
    private readonly meter: Meter,
    private readonly onIdle: () => void,
  ) {
    this.sentAt = new Float64Array(depth + 1);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  start(): void {
    this.refill(performance.now());
  }

  private offsetOf(index: number): number {
    const c = this.corpus;
    return Math.floor(index / c.count) * c.roundBytes + c.offsets[index % c.count];
  }

  private refill(now: number): void {
    if (!this.sending) return;
    const k = this.depth - this.inFlight;
    if (k <= 0 || this.socket.destroyed) return;
    const start = this.offsetOf(this.sendIndex);
    const end = this.offsetOf(this.sendIndex + k);
    for (let i = 0; i < k; i++) {
      this.sentAt[this.sentTail] = now;
      this.sentTail = this.sentTail === this.depth ? 0 : this.sentTail + 1;
    }
    this.inFlight += k;
    this.sendIndex = (this.sendIndex + k) % this.corpus.count;
    this.socket.write(this.corpus.data.subarray(start, end));
  }

  private receive(chunk: Buffer): void {
    const now = performance.now();
    let pos = 0;
    let lf = chunk.indexOf(LF, pos);
    while (lf !== -1) {
      if (this.carry !== null) {
        const line = Buffer.concat([this.carry, chunk.subarray(pos, lf)]);
        this.carry = null;
        this.answered(line, 0, line.length, now);
      } else {
        this.answered(chunk, pos, lf, now);
      }
      pos = lf + 1;
      lf = chunk.indexOf(LF, pos);
    }
    if (pos < chunk.length) {
      const rest = chunk.subarray(pos);
      this.carry = this.carry === null ? Buffer.from(rest) : Buffer.concat([this.carry, rest]);
    }
    if (this.inFlight === 0 && !this.sending) this.onIdle();
    else this.refill(now);
  }

  /** The reply line is buf[start, end); it answers the oldest message in flight. */
  private answered(buf: Buffer, start: number, end: number, now: number): void {
    if (this.inFlight === 0) {
      this.meter.mismatch('unexpected', '(no message in flight)', buf.subarray(start, end));
      return;
    }
    const c = this.corpus;
    const index = this.replyIndex;
    const expected = c.expected[index];
    const length = end - start;
    let ok: boolean;
    if (c.prefixOnly[index]) {
      ok = length >= expected.length && buf.compare(expected, 0, expected.length, start, start + expected.length) === 0;
    } else if (length !== expected.length) {
      ok = false;
    } else if (this.verifyAll || (this.checked++ & 255) === 0) {
      ok = buf.compare(expected, 0, length, start, end) === 0;
    } else {
      ok = true;
    }
    if (!ok) this.meter.mismatch(c.category[index], c.expectedText[index], buf.subarray(start, end));
    const sentAt = this.sentAt[this.sentHead];
    this.sentHead = this.sentHead === this.depth ? 0 : this.sentHead + 1;
    this.inFlight--;
    this.replyIndex = index + 1 === c.count ? 0 : index + 1;
    const meter = this.meter;
    if (meter.measuring) {
      meter.recordRoundTrip(now - sentAt);
      meter.messages++;
      meter.bytes += c.lengths[index];
    }
    meter.answeredByIndex[index]++;
  }
}

async function runClosedLoop(task: ClosedLoopTask): Promise<void> {
  const meter = new Meter();
  const corpus = prepareCorpus(task);
  meter.answeredByIndex = new Float64Array(corpus.count);
  const sockets = await openSockets(task.connections, 64, meter);
  let whenAllIdle: (() => void) | null = null;
  const allIdle = (): boolean => loops.every((l) => l.inFlight === 0 || l.socket.destroyed);
  const checkIdle = (): void => {
    if (whenAllIdle !== null && allIdle()) whenAllIdle();
  };
  const loops: LoopConnection[] = sockets.map((socket) => new LoopConnection(socket, corpus, task.depth, task.verify === 'all', meter, checkIdle));
  // A peer that closes on us (or crashes) must not leave the worker waiting for replies.
  for (const socket of sockets) socket.on('close', checkIdle);
  send({ type: 'ready' });
  await nextCommand('go');
  for (const loop of loops) loop.start();
  await nextCommand('mark-start');
  meter.start();
  await nextCommand('mark-end');
  meter.measuring = false;
  const windowMs = performance.now() - meter.startedAt;
  for (const loop of loops) loop.sending = false;
  if (!allIdle()) await Promise.race([new Promise<void>((resolve) => (whenAllIdle = resolve)), sleep(DRAIN_TIMEOUT_MS)]);
  const unanswered = loops.reduce((sum, l) => sum + l.inFlight, 0);
  for (const socket of sockets) socket.destroy();
  corpus.category.forEach((category, i) => {
    meter.answeredByCategory[category] = (meter.answeredByCategory[category] ?? 0) + meter.answeredByIndex[i];
  });
  const closedEarly = sockets.length < task.connections ? task.connections - sockets.length : 0;
  send({ type: 'result', result: meter.result(windowMs, unanswered, { connections: sockets.length, depth: task.depth, refused: closedEarly }) });
}

// ---- stream: write as fast as the peer reads (the raw loopback sink) ------------------------

async function runStream(task: StreamTask): Promise<void> {
  const meter = new Meter();
  const sockets = await openSockets(task.connections, 64, meter);
  const chunk = Buffer.from(task.chunk.buffer, task.chunk.byteOffset, task.chunk.byteLength);
  let running = true;
  // Keep several MiB queued per socket, so that the kernel never waits for the next write.
  const queued = 4 * chunk.length;
  const pump = (socket: Socket): void => {
    while (running && !socket.destroyed && socket.writableLength < queued) socket.write(chunk);
  };
  for (const socket of sockets) socket.on('drain', () => pump(socket));
  send({ type: 'ready' });
  await nextCommand('go');
  for (const socket of sockets) pump(socket);
  await nextCommand('mark-start');
  const written = (): number => sockets.reduce((sum, s) => sum + s.bytesWritten - s.writableLength, 0);
  const before = written();
  meter.start();
  await nextCommand('mark-end');
  const windowMs = performance.now() - meter.startedAt;
  meter.bytes = written() - before;
  meter.messages = Math.round(meter.bytes / chunk.length);
  running = false;
  for (const socket of sockets) socket.destroy();
  send({ type: 'result', result: meter.result(windowMs, 0, { connections: task.connections }) });
}

// ---- one big message ------------------------------------------------------------------

async function runBigMessage(task: BigMessageTask): Promise<void> {
  const meter = new Meter();
  const [socket] = await openSockets(1, 1, meter);
  const chunk = Buffer.from(task.chunk.buffer, task.chunk.byteOffset, task.chunk.byteLength);
  let reply: Buffer | null = null;
  let replyParts: Buffer[] = [];
  const replied = new Promise<void>((resolve) => {
    socket.on('data', (data: Buffer) => {
      replyParts.push(data);
      if (data.includes(LF)) {
        reply = Buffer.concat(replyParts);
        replyParts = [];
        resolve();
      }
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
    const line = (got as Buffer).subarray(0, (got as Buffer).indexOf(LF));
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
        let got = Buffer.alloc(0);
        const onData = (data: Buffer): void => {
          got = Buffer.concat([got, data]);
          const lf = got.indexOf(LF);
          if (lf === -1) return;
          socket.off('data', onData);
          const line = got.subarray(0, lf);
          if (line.equals(expected)) answered++;
          else meter.mismatch('idle', task.expected, line);
          resolve();
        };
        socket.on('data', onData);
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
    socket.on('data', (data: Buffer) => {
      got = got === null ? data : Buffer.concat([got, data]);
      if (got.includes(LF)) socket.end();
    });
    socket.on('error', (error) => {
      failed = true;
      meter.error(error);
    });
    socket.on('close', () => {
      active--;
      if (!failed && got !== null && meter.measuring) {
        const line = got.subarray(0, got.indexOf(LF));
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
      return runClosedLoop(task);
    case 'stream':
      return runStream(task);
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
