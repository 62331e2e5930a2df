/** What the orchestrator and the load generators say to each other. Plain data: it crosses postMessage. */
import type { LatencyPairs } from './latency';

/** Messages a load connection sends, in order, round and round. */
export interface Corpus {
  /** The messages back to back, repeated so that any `depth` consecutive messages are one slice. */
  data: Uint8Array;
  /** Start of message i in `data` for i in [0, count]; offsets[count] is the size of one round. */
  offsets: number[];
  count: number;
  /** The reply line expected for each message, without its LF. */
  expected: string[];
  /** When true, a reply only has to start with expected[i] (ERROR lines differ in wording between peers). */
  prefixOnly: boolean[];
  /** A label per message, for reporting which kinds of messages a peer answers wrong. */
  category: string[];
}

export interface ClosedLoopTask {
  kind: 'closed-loop';
  port: number;
  connections: number;
  /** Messages in flight per connection: 1 is ping-pong, more is pipelining. */
  depth: number;
  corpus: Corpus;
  /** all: compare every reply; sample: check every reply's length and compare one in 256. */
  verify: 'all' | 'sample';
}

/** Writes `chunk` over and over on each connection and reads nothing back (the raw loopback sink). */
export interface StreamTask {
  kind: 'stream';
  port: number;
  connections: number;
  chunk: Uint8Array;
}

export interface BigMessageTask {
  kind: 'big-message';
  port: number;
  /** Written this many times, then a LF. */
  chunk: Uint8Array;
  repeat: number;
  expected: string;
  timeoutMs: number;
}

export interface IdleTask {
  kind: 'idle';
  port: number;
  connections: number;
  /** Connection attempts in progress at once. */
  concurrency: number;
  message: Uint8Array;
  expected: string;
}

export interface ChurnTask {
  kind: 'churn';
  port: number;
  /** Connections in progress at once, each: connect, one message, reply, close. */
  concurrency: number;
  message: Uint8Array;
  expected: string;
}

export type LoadTask = ClosedLoopTask | StreamTask | BigMessageTask | IdleTask | ChurnTask;

/** orchestrator -> worker */
export type Command =
  | { type: 'task'; task: LoadTask }
  /** Start sending (connections are open). */
  | { type: 'go' }
  /** Warm-up over: reset the counters. */
  | { type: 'mark-start' }
  /** Window over: stop sending, finish, report. For idle: close the connections and report. */
  | { type: 'mark-end' };

export interface Mismatch {
  category: string;
  expected: string;
  got: string;
}

export interface LoadResult {
  /** Milliseconds between mark-start and mark-end as the worker saw them (or the whole task). */
  windowMs: number;
  messages: number;
  /** Request bytes of the messages answered in the window, terminators included. */
  bytes: number;
  /** Round trips in the window. */
  latencyNs: LatencyPairs;
  /** The generator process's own CPU over the window, % of one core (the C generator measures it; the Node worker's is read by the orchestrator). */
  cpuPct?: number;
  mismatches: number;
  mismatchesByCategory: Record<string, number>;
  answeredByCategory: Record<string, number>;
  mismatchSamples: Mismatch[];
  /** Connection errors, resets, refused connections. */
  errors: number;
  errorSamples: string[];
  /** Messages still unanswered when the worker gave up waiting. */
  unanswered: number;
  extra: Record<string, number | string | boolean>;
}

/** worker -> orchestrator */
export type Report =
  | { type: 'ready'; openMs?: number }
  | { type: 'result'; result: LoadResult }
  | { type: 'failed'; error: string };

/** Tasks started on a load generator (the Node worker threads or the C processes), one per worker or process. */
export interface RunningLoad {
  /** Per task, how long opening its connections took (idle tasks), else 0. */
  readonly openMs: number[];
  send(type: 'go' | 'mark-start' | 'mark-end'): void;
  /** Registers for the results first, then optionally sends a command, so no report is missed. */
  results(timeoutMs: number, thenSend?: 'mark-end' | 'go'): Promise<LoadResult[]>;
}

export interface LoadGenerator {
  /** Workers or processes: a scenario splits its connections over this many tasks. */
  readonly size: number;
  /** Sends one task per worker or process (tasks.length <= size) and waits until every one is ready. */
  start(tasks: LoadTask[], timeoutMs: number): Promise<RunningLoad>;
}
