import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderPreview, replyMatches, type MessageOutcome } from '../protocol';
import { CannotConnectError, connectWithRetry, explainLostServer, probe, type ServerAddress } from './connect';
import { describeExpectation, expectedOutcomes, wireBytes } from './expected-replies';
import { ReplyReader } from './reply-reader';
import type { ChunkPlan, ScriptStep, SendMode } from './script';

/** The words the transcript uses for a message, in its rows and in its summary alike. */
export type RowResult = 'ok' | 'mismatched' | 'unanswered';

export interface TranscriptRow {
  index: number;
  source: string;
  preview: string;
  bytes: number;
  expected: string;
  reply: string | null;
  /** Why there is no reply: "no reply within 10 s", "connection closed by the server". */
  problem?: string;
  rttMs: number | null;
  ok: boolean;
  result: RowResult;
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
  /** Messages never sent, because their connection broke or the server was lost before them. */
  notSent: number;
  /** Why the server, reached earlier in the run, could not be reached any more; undefined while it could. */
  serverLost?: string;
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

/** How an exchange left its connection: usable, closed by the server, or silent past the reply timeout. */
type ConnectionState = 'healthy' | 'closed' | 'timeout';

/** What the copies of a session share while they run. */
interface SessionState {
  connections: number;
  notSent: number;
  /** The first connection attempt that failed after its retries; every copy stops at its next step. */
  lost?: CannotConnectError;
  /** A connection was closed by the server while messages waited for replies. */
  closedByServer: boolean;
}

/**
 * A server that dies closes its connections and its listening socket one after the other;
 * the probe that asks whether it is gone waits this long so it does not catch it in between.
 */
const SETTLE_BEFORE_PROBE_MS = 200;

/**
 * Runs a scripted session: every copy (--concurrency) on its own connection, the script
 * --repeat times, each step's replies checked against what the protocol core predicts.
 * A server that goes away mid-run ends the run with the rows it answered and `serverLost`;
 * one that could never be reached throws CannotConnectError, as there is nothing to show.
 */
export async function runSession(steps: ScriptStep[], options: SessionOptions): Promise<SessionResult> {
  const started = performance.now();
  const plans = planCopies(steps, options);
  const rows: TranscriptRow[] = [];
  const state: SessionState = { connections: 0, notSent: 0, closedByServer: false };
  const record = (row: TranscriptRow): void => {
    rows.push(row);
    options.onRow?.(row);
  };
  await Promise.all(plans.map((plan) => runCopy(plan, options, record, state)));
  if (state.lost !== undefined && state.connections === 0) throw state.lost;
  rows.sort((a, b) => a.index - b.index);
  const serverLost = await whyServerLost(state, options.address);
  return {
    rows,
    connections: state.connections,
    notSent: state.notSent,
    ...(serverLost !== undefined ? { serverLost } : {}),
    durationMs: performance.now() - started,
  };
}

/** A failed connection attempt says the server is gone; a closed connection only asks, so one attempt more answers. */
async function whyServerLost(state: SessionState, address: ServerAddress): Promise<string | undefined> {
  if (state.lost !== undefined) return explainLostServer(address, state.lost.code);
  if (!state.closedByServer) return undefined;
  await sleep(SETTLE_BEFORE_PROBE_MS);
  const code = await probe(address);
  return code === undefined ? undefined : explainLostServer(address, code);
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
        nextIndex += messagesOf(expected, step);
      }
    }
    copies.push(plan);
  }
  return copies;
}

function messagesOf(expected: MessageOutcome[], step: ScriptStep): number {
  return expected.length * (step.clients ?? 1);
}

const messagesIn = (plan: PlannedStep[]): number => plan.reduce((sum, planned) => sum + messagesOf(planned.expected, planned.step), 0);

async function runCopy(plan: PlannedStep[], options: SessionOptions, record: (row: TranscriptRow) => void, state: SessionState): Promise<void> {
  let main: Connection | undefined;
  try {
    for (let i = 0; i < plan.length; i++) {
      const planned = plan[i];
      if (state.lost !== undefined) {
        state.notSent += messagesIn(plan.slice(i));
        return;
      }
      if (planned.step.clients !== undefined) {
        await runOnNewConnections(planned, options, record, state);
        continue;
      }
      main ??= await openOrGiveUp(options, state);
      if (main === undefined) {
        state.notSent += messagesIn(plan.slice(i));
        return;
      }
      const connection = await exchange(main, planned, planned.firstIndex, options, record);
      if (connection !== 'healthy') {
        if (connection === 'closed') state.closedByServer = true;
        state.notSent += messagesIn(plan.slice(i + 1));
        return;
      }
    }
  } finally {
    main?.socket.end();
  }
}

/** A @clients=N step: the message from N new connections at once. */
async function runOnNewConnections(
  planned: PlannedStep,
  options: SessionOptions,
  record: (row: TranscriptRow) => void,
  state: SessionState,
): Promise<void> {
  await Promise.all(
    Array.from({ length: planned.step.clients ?? 1 }, async (_, client) => {
      const own = await openOrGiveUp(options, state);
      if (own === undefined) {
        state.notSent += planned.expected.length;
        return;
      }
      try {
        const connection = await exchange(own, planned, planned.firstIndex + client * planned.expected.length, options, record);
        if (connection === 'closed') state.closedByServer = true;
      } finally {
        own.socket.end();
      }
    }),
  );
}

/** A new connection, or undefined once the server cannot be reached (recorded in `state.lost`). */
async function openOrGiveUp(options: SessionOptions, state: SessionState): Promise<Connection | undefined> {
  try {
    const socket = await connectWithRetry(options.address, options.waitTimeoutMs);
    state.connections++;
    return { socket, reader: new ReplyReader(socket) };
  } catch (error) {
    if (!(error instanceof CannotConnectError)) throw error;
    state.lost ??= error;
    return undefined;
  }
}

/** Sends one step and reads its replies; anything but 'healthy' means the connection can no longer be trusted. */
async function exchange(
  connection: Connection,
  planned: PlannedStep,
  firstIndex: number,
  options: SessionOptions,
  record: (row: TranscriptRow) => void,
): Promise<ConnectionState> {
  const sentAt = performance.now();
  const writing = send(connection.socket, wireBytes(planned.step.bytes, planned.mode), planned.chunk);
  let state: ConnectionState = 'healthy';
  for (const [offset, expected] of planned.expected.entries()) {
    const base = {
      index: firstIndex + offset,
      source: planned.step.source,
      preview: renderPreview(expected.preview, expected.kind === 'too-long' ? Infinity : expected.bytes, 24),
      bytes: expected.kind === 'too-long' ? planned.step.bytes.length : expected.bytes,
      expected: describeExpectation(expected),
    };
    if (state !== 'healthy') {
      const problem = state === 'closed' ? 'connection closed before this reply' : 'not waited for after the timeout';
      record({ ...base, reply: null, problem, rttMs: null, ok: false, result: 'unanswered' });
      continue;
    }
    const wait = await connection.reader.next(options.replyTimeoutMs);
    if ('line' in wait) {
      const ok = replyMatches(expected, wait.line);
      record({ ...base, reply: wait.line, rttMs: performance.now() - sentAt, ok, result: ok ? 'ok' : 'mismatched' });
      continue;
    }
    state = wait.ended;
    const problem =
      wait.ended === 'timeout'
        ? `no reply within ${options.replyTimeoutMs / 1000} s`
        : `connection closed by the server${connection.reader.error ? ` (${connection.reader.error})` : ''}`;
    record({ ...base, reply: null, problem, rttMs: null, ok: false, result: 'unanswered' });
  }
  await writing;
  return state;
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
