import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderPreview, replyMatches, type MessageOutcome } from '../protocol';
import { connectWithRetry, type ServerAddress } from './connect';
import { describeExpectation, expectedOutcomes, wireBytes } from './expected-replies';
import { ReplyReader } from './reply-reader';
import type { ChunkPlan, ScriptStep, SendMode } from './script';

export interface TranscriptRow {
  index: number;
  source: string;
  preview: string;
  bytes: number;
  expected: string;
  reply: string | null;
  /** Why there is no reply: "no reply within 10 s", "connection closed". */
  problem?: string;
  rttMs: number | null;
  ok: boolean;
}

export interface SessionOptions {
  address: ServerAddress;
  waitTimeoutMs: number;
  replyTimeoutMs: number;
  mode: SendMode;
  chunk?: ChunkPlan;
  concurrency: number;
  repeat: number;
  maxMessageBytes: number;
  /** Called as each row completes, for progress reports. */
  onRow?: (row: TranscriptRow) => void;
}

export interface SessionResult {
  rows: TranscriptRow[];
  connections: number;
  /** Steps never sent because their connection broke before them. */
  stepsNotRun: number;
  durationMs: number;
}

interface PlannedStep {
  step: ScriptStep;
  mode: SendMode;
  chunk?: ChunkPlan;
  expected: MessageOutcome[];
  firstIndex: number;
}

interface Connection {
  socket: Socket;
  reader: ReplyReader;
}

/**
 * Runs a scripted session: every copy (--concurrency) on its own connection, the script
 * --repeat times, each step's replies checked against what the protocol core predicts.
 */
export async function runSession(steps: ScriptStep[], options: SessionOptions): Promise<SessionResult> {
  const started = performance.now();
  const plans = planCopies(steps, options);
  const rows: TranscriptRow[] = [];
  const counters = { connections: 0, stepsNotRun: 0 };
  const record = (row: TranscriptRow): void => {
    rows.push(row);
    options.onRow?.(row);
  };
  await Promise.all(plans.map((plan) => runCopy(plan, options, record, counters)));
  rows.sort((a, b) => a.index - b.index);
  return { rows, connections: counters.connections, stepsNotRun: counters.stepsNotRun, durationMs: performance.now() - started };
}

function planCopies(steps: ScriptStep[], options: SessionOptions): PlannedStep[][] {
  let nextIndex = 1;
  const copies: PlannedStep[][] = [];
  for (let copy = 0; copy < options.concurrency; copy++) {
    const plan: PlannedStep[] = [];
    for (let round = 0; round < options.repeat; round++) {
      for (const step of steps) {
        const mode = step.mode ?? options.mode;
        const expected = expectedOutcomes(step.bytes, mode, options.maxMessageBytes);
        const chunk = step.chunk ?? options.chunk;
        plan.push({ step, mode, ...(chunk ? { chunk } : {}), expected, firstIndex: nextIndex });
        nextIndex += expected.length * (step.clients ?? 1);
      }
    }
    copies.push(plan);
  }
  return copies;
}

async function runCopy(
  plan: PlannedStep[],
  options: SessionOptions,
  record: (row: TranscriptRow) => void,
  counters: { connections: number; stepsNotRun: number },
): Promise<void> {
  let main: Connection | undefined;
  try {
    for (let i = 0; i < plan.length; i++) {
      const planned = plan[i];
      if (planned.step.clients !== undefined) {
        await Promise.all(
          Array.from({ length: planned.step.clients }, async (_, client) => {
            const own = await open(options, counters);
            try {
              await exchange(own, planned, planned.firstIndex + client * planned.expected.length, options, record);
            } finally {
              own.socket.end();
            }
          }),
        );
        continue;
      }
      main ??= await open(options, counters);
      const healthy = await exchange(main, planned, planned.firstIndex, options, record);
      if (!healthy) {
        counters.stepsNotRun += plan.length - i - 1;
        return;
      }
    }
  } finally {
    main?.socket.end();
  }
}

async function open(options: SessionOptions, counters: { connections: number }): Promise<Connection> {
  const socket = await connectWithRetry(options.address, options.waitTimeoutMs);
  counters.connections++;
  return { socket, reader: new ReplyReader(socket) };
}

/** Sends one step and reads its replies; false when the connection can no longer be trusted. */
async function exchange(
  connection: Connection,
  planned: PlannedStep,
  firstIndex: number,
  options: SessionOptions,
  record: (row: TranscriptRow) => void,
): Promise<boolean> {
  const sentAt = performance.now();
  const writing = send(connection.socket, wireBytes(planned.step.bytes, planned.mode), planned.chunk);
  let healthy = true;
  for (const [offset, expected] of planned.expected.entries()) {
    const base = {
      index: firstIndex + offset,
      source: planned.step.source,
      preview: renderPreview(expected.preview, expected.kind === 'too-long' ? Infinity : expected.bytes, 24),
      bytes: expected.kind === 'too-long' ? planned.step.bytes.length : expected.bytes,
      expected: describeExpectation(expected),
    };
    if (!healthy) {
      record({ ...base, reply: null, problem: 'not answered: connection lost', rttMs: null, ok: false });
      continue;
    }
    const wait = await connection.reader.next(options.replyTimeoutMs);
    if ('line' in wait) {
      record({ ...base, reply: wait.line, rttMs: performance.now() - sentAt, ok: replyMatches(expected, wait.line) });
      continue;
    }
    healthy = false;
    const problem =
      wait.ended === 'timeout'
        ? `no reply within ${options.replyTimeoutMs / 1000} s`
        : `connection closed by the server${connection.reader.error ? ` (${connection.reader.error})` : ''}`;
    record({ ...base, reply: null, problem, rttMs: null, ok: false });
  }
  await writing;
  return healthy;
}

async function send(socket: Socket, payload: Buffer, chunk: ChunkPlan | undefined): Promise<void> {
  if (chunk === undefined) {
    socket.write(payload);
    return;
  }
  for (let offset = 0; offset < payload.length && !socket.destroyed; offset += chunk.size) {
    if (offset > 0) await sleep(chunk.delayMs);
    socket.write(payload.subarray(offset, offset + chunk.size));
  }
}
