/** The scenarios of issue 5, and how one run of one scenario against one peer is measured. */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import {
  makeCorpus,
  message64,
  mixInvalidMessages,
  mixMessages,
  proseBytes,
  proseLine,
  textMessage,
} from './corpus';
import type { PeerId, RunningPeer, StartOptions } from './peers';
import { readProcs, resetPeakRss, RssSampler } from './peers';
import { processTree } from './cpu-budget';
import type { Running, LoadPool } from './pool';
import type { LoadResult, LoadTask } from './tasks';

export interface Settings {
  quick: boolean;
  runs: number;
  warmupMs: number;
  durationMs: number;
  idleConnections: number;
  bigMessageBytes: number;
  /** The naive peer holds a long line in one string and re-splits it on every read: it gets this long. */
  naiveBigTimeoutMs: number;
  /** Settle time before and after opening the idle connections, for the RSS readings. */
  idleSettleMs: number;
}

export const FULL: Settings = {
  quick: false,
  runs: 3,
  warmupMs: 400,
  durationMs: 1500,
  idleConnections: 10_000,
  bigMessageBytes: 1024 * 1024 * 1024,
  naiveBigTimeoutMs: 10_000,
  idleSettleMs: 500,
};

export const QUICK: Settings = {
  quick: true,
  runs: 1,
  warmupMs: 150,
  durationMs: 400,
  idleConnections: 1000,
  bigMessageBytes: 64 * 1024 * 1024,
  naiveBigTimeoutMs: 2000,
  idleSettleMs: 200,
};

export type Drive = 'window' | 'big' | 'idle';

export interface Scenario {
  id: string;
  number: string;
  title: string;
  /** What is sent, for the report. */
  describe: (s: Settings) => string;
  drive: Drive;
  peers: PeerId[];
  /** The headline figure of this scenario. */
  headline: 'msgs' | 'mbps' | 'p99' | 'kbPerConn' | 'rssGrowth' | 'p50';
  startOptions: (s: Settings) => StartOptions;
  /** One task per load worker. */
  tasks: (s: Settings, peer: PeerId, port: number, workers: number) => LoadTask[];
  runs?: (s: Settings, peer: PeerId) => number;
  /** Also count the servers' syscalls per message, in one extra run under perf. */
  syscalls?: boolean;
  /**
   * Instead of pinning the server to one CPU and the load to the others: every server
   * process on its own CPU, held to this share of it, and the load generator on all CPUs.
   */
  serverCpuShare?: number;
}

const PEERS: PeerId[] = ['ours', 'c', 'python', 'naive'];
/** The CPU share of each server process in the multi-core scenario: two of them leave the load generator 1.4 CPUs. */
export const WORKER_CPU_SHARE = 0.3;
const MiB = 1024 * 1024;

/** Splits n connections over at most `workers` workers (never an empty share). */
function split(n: number, workers: number): number[] {
  const k = Math.max(1, Math.min(workers, n));
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

function closedLoop(messages: ReturnType<typeof mixMessages>, connections: number, depth: number, verify: 'all' | 'sample') {
  const corpus = makeCorpus(messages, depth);
  return (_s: Settings, _peer: PeerId, port: number, workers: number): LoadTask[] =>
    split(connections, workers).map((share) => ({ kind: 'closed-loop', port, connections: share, depth, corpus, verify }));
}

let prose1MiB: ReturnType<typeof proseLine> | null = null;
const oneMiBLine = (): ReturnType<typeof proseLine> => (prose1MiB ??= proseLine(MiB));

export const SCENARIOS: Scenario[] = [
  {
    id: 'pingpong',
    number: '1',
    title: 'Ping-pong, 1 connection, 64 B',
    describe: () => '1 connection, one 64-byte message in flight (63 ASCII characters + LF)',
    drive: 'window',
    peers: [...PEERS, 'naive-nodelay'],
    headline: 'p99',
    syscalls: true,
    // A p99 of a 1-connection run is at the mercy of every other job on the machine: more runs.
    runs: (s) => (s.quick ? s.runs : Math.max(s.runs, 5)),
    startOptions: () => ({}),
    tasks: (s, peer, port, workers) => closedLoop([message64()], 1, 1, 'sample')(s, peer, port, workers),
  },
  {
    id: 'concurrent',
    number: '2',
    title: '100 connections, 1 in flight each',
    describe: () => '100 connections, each with one 64-byte message in flight',
    drive: 'window',
    peers: PEERS,
    headline: 'msgs',
    startOptions: () => ({}),
    tasks: (s, peer, port, workers) => closedLoop([message64()], 100, 1, 'sample')(s, peer, port, workers),
  },
  {
    id: 'pipelined',
    number: '3',
    title: 'Pipelined, 50 connections x 16 deep, 64 B',
    describe: () => '50 connections, 16 messages of 64 bytes in flight on each (written 16 at a time)',
    drive: 'window',
    peers: [...PEERS, 'naive-nodelay'],
    headline: 'msgs',
    syscalls: true,
    startOptions: () => ({}),
    tasks: (s, peer, port, workers) => closedLoop([message64()], 50, 16, 'sample')(s, peer, port, workers),
  },
  {
    id: 'workers',
    number: '10',
    title: 'Multi-core: scenario 3 with WORKERS=1 and 2',
    describe: () =>
      `Scenario 3's load (50 connections × 16 deep, 64 B) against WORKERS=1 and WORKERS=2. Each server process runs on its own CPU and may use only ${WORKER_CPU_SHARE * 100} % of it (a cgroup CPU quota, what \`docker run --cpus\` sets), and the load generator runs on every CPU, in what the servers leave: so one worker gets ${WORKER_CPU_SHARE} of a CPU, two get ${WORKER_CPU_SHARE} of each of two CPUs, and the load generator is never short of CPU`,
    drive: 'window',
    peers: ['ours', 'ours-2w'],
    headline: 'msgs',
    serverCpuShare: WORKER_CPU_SHARE,
    startOptions: () => ({}),
    tasks: (s, peer, port, workers) => closedLoop([message64()], 50, 16, 'sample')(s, peer, port, workers),
  },
  {
    id: 'lines1m',
    number: '4',
    title: '1 MiB lines, 4 connections',
    describe: () => '4 connections, 2 lines of 1 MiB in flight on each (Indonesian prose, about 1 % non-ASCII bytes); the sink row writes the same bytes to a server that only reads. Every server runs in strict line mode here (quiet period 0), so that a sender stalled by a busy machine cannot have a line cut in two',
    drive: 'window',
    peers: [...PEERS, 'sink'],
    headline: 'mbps',
    syscalls: true,
    startOptions: () => ({ quietPeriodMs: 0 }),
    tasks: (s, peer, port, workers) => {
      if (peer === 'sink') {
        const chunk = new Uint8Array(oneMiBLine().bytes);
        return split(4, workers).map((share) => ({ kind: 'stream', port, connections: share, chunk }));
      }
      return closedLoop([oneMiBLine()], 4, 2, 'all')(s, peer, port, workers);
    },
  },
  {
    id: 'big',
    number: '5',
    title: 'One huge message',
    describe: (s) =>
      `One message of ${formatBytes(s.bigMessageBytes)} (1 MiB writes of Indonesian prose, then LF; strict line mode, as in scenario 4)${s.quick ? ' — quick mode shrinks the 1 GiB message to 64 MiB' : ''}; the naive peer gets ${s.naiveBigTimeoutMs / 1000} s`,
    drive: 'big',
    peers: PEERS,
    headline: 'rssGrowth',
    startOptions: () => ({ maxMessageBytes: 0, quietPeriodMs: 0 }),
    runs: (s, peer) => (peer === 'naive' ? 1 : s.runs),
    tasks: (s, peer, port) => {
      const { bytes, chars } = proseBytes(MiB);
      const repeat = Math.round(s.bigMessageBytes / MiB);
      return [
        {
          kind: 'big-message',
          port,
          chunk: new Uint8Array(bytes),
          repeat,
          expected: `Jumlah karakter dalam kalimat tersebut adalah ${chars * repeat}`,
          timeoutMs: peer === 'naive' ? s.naiveBigTimeoutMs : s.quick ? 20_000 : 60_000,
        },
      ];
    },
  },
  {
    id: 'idle',
    number: '6',
    title: 'Idle connections',
    describe: (s) => `${s.idleConnections.toLocaleString('en')} connections, each sends one message, reads its reply, then stays open and silent`,
    drive: 'idle',
    peers: PEERS,
    headline: 'kbPerConn',
    startOptions: (s) => ({ maxConnections: s.idleConnections + 100 }),
    runs: (s) => Math.min(s.runs, 2),
    tasks: (s, _peer, port, workers) => {
      const m = textMessage('halo', 'idle');
      return split(s.idleConnections, workers).map((share) => ({
        kind: 'idle',
        port,
        connections: share,
        concurrency: 200,
        message: new Uint8Array(m.bytes),
        expected: m.expected,
      }));
    },
  },
  {
    id: 'churn',
    number: '7',
    title: 'Connection churn',
    describe: () => '16 clients in a loop: connect, send one message, read the reply, close',
    drive: 'window',
    peers: PEERS,
    headline: 'msgs',
    startOptions: () => ({}),
    tasks: (_s, _peer, port, workers) => {
      const m = textMessage('Halo dunia', 'churn');
      return split(16, workers).map((share) => ({ kind: 'churn', port, concurrency: share, message: new Uint8Array(m.bytes), expected: m.expected }));
    },
  },
  {
    id: 'classic',
    number: '8',
    title: 'Classic clients (no newline)',
    describe: () => '20 connections, each sends a sentence without a newline and waits: the reply comes after the 150 ms quiet period, by design',
    drive: 'window',
    peers: PEERS,
    headline: 'p50',
    startOptions: () => ({}),
    tasks: (s, peer, port, workers) => closedLoop([textMessage('Halo dunia, apa kabar?', 'classic', '')], 20, 1, 'all')(s, peer, port, workers),
  },
  {
    id: 'mix',
    number: '9a',
    title: 'Non-ASCII mix',
    describe: () => {
      const m = mixMessages();
      const bytes = m.reduce((sum, x) => sum + x.bytes.length, 0);
      return `50 connections x 16 deep, ${m.length} messages of Indonesian, CJK, emoji (flags, ZWJ families, skin tones) and mixed text, ${Math.round(bytes / m.length)} bytes on average; every reply checked`;
    },
    drive: 'window',
    peers: PEERS,
    headline: 'msgs',
    startOptions: () => ({}),
    tasks: (s, peer, port, workers) => closedLoop(mixMessages(), 50, 16, 'all')(s, peer, port, workers),
  },
  {
    id: 'mix-invalid',
    number: '9b',
    title: 'Non-ASCII mix with invalid bytes',
    describe: () =>
      'The same messages, every other one with an invalid sequence (0xFF, a lone continuation byte, overlong, surrogate, above U+10FFFF, missing continuation, truncated); every reply checked (ERROR lines by their offset)',
    drive: 'window',
    peers: PEERS,
    headline: 'msgs',
    startOptions: () => ({}),
    tasks: (s, peer, port, workers) => closedLoop(mixInvalidMessages(), 50, 16, 'all')(s, peer, port, workers),
  },
];

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GiB`;
  if (n >= MiB) return `${Math.round(n / MiB)} MiB`;
  return `${n} B`;
}

// ---- measuring one run ----------------------------------------------------------------------

export interface RunMetrics {
  windowMs: number;
  messages: number;
  msgsPerSec: number;
  mbPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Server CPU in the window, % of one core. */
  serverCpuPct: number | null;
  /** The part of it spent in the kernel. */
  serverSysPct: number | null;
  /** Minor page faults of the server per message answered. */
  faultsPerMsg: number | null;
  /** Server CPU per message answered, in microseconds: user space and kernel. Less sensitive to a busy machine than rates. */
  userMicrosPerMsg: number | null;
  sysMicrosPerMsg: number | null;
  /** Load generator process CPU in the window, % of one core. */
  loadCpuPct: number | null;
  serverPeakRssMiB: number | null;
  serverStartRssMiB: number | null;
  mismatches: number;
  mismatchesByCategory: Record<string, number>;
  answeredByCategory: Record<string, number>;
  mismatchSamples: LoadResult['mismatchSamples'];
  errors: number;
  errorSamples: string[];
  unanswered: number;
  /** Scenario-specific figures (RSS growth, KB per connection, connect rate...). */
  extra: Record<string, number | string | boolean | null>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 3): number => Number(x.toPrecision(digits));

function merge(results: LoadResult[]): { histogram: RecordableHistogram; sum: Omit<RunMetrics, 'msgsPerSec' | 'mbPerSec' | 'p50Ms' | 'p99Ms' | 'maxMs' | 'serverCpuPct' | 'serverSysPct' | 'faultsPerMsg' | 'userMicrosPerMsg' | 'sysMicrosPerMsg' | 'loadCpuPct' | 'serverPeakRssMiB' | 'serverStartRssMiB'> & { bytes: number } } {
  const histogram = createHistogram({ lowest: 1, highest: 3_600_000_000_000, figures: 3 });
  const sum = {
    windowMs: 0,
    messages: 0,
    bytes: 0,
    mismatches: 0,
    mismatchesByCategory: {} as Record<string, number>,
    answeredByCategory: {} as Record<string, number>,
    mismatchSamples: [] as LoadResult['mismatchSamples'],
    errors: 0,
    errorSamples: [] as string[],
    unanswered: 0,
    extra: {} as RunMetrics['extra'],
  };
  for (const r of results) {
    histogram.add(r.histogram as RecordableHistogram);
    sum.windowMs = Math.max(sum.windowMs, r.windowMs);
    sum.messages += r.messages;
    sum.bytes += r.bytes;
    sum.mismatches += r.mismatches;
    for (const [k, v] of Object.entries(r.mismatchesByCategory)) sum.mismatchesByCategory[k] = (sum.mismatchesByCategory[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.answeredByCategory)) sum.answeredByCategory[k] = (sum.answeredByCategory[k] ?? 0) + v;
    sum.mismatchSamples.push(...r.mismatchSamples.slice(0, 5 - sum.mismatchSamples.length));
    sum.errors += r.errors;
    sum.errorSamples.push(...r.errorSamples.slice(0, 5 - sum.errorSamples.length));
    sum.unanswered += r.unanswered;
    for (const [k, v] of Object.entries(r.extra)) {
      const prev = sum.extra[k];
      sum.extra[k] = typeof v === 'number' && typeof prev === 'number' ? prev + v : v;
    }
  }
  return { histogram, sum };
}

function latency(histogram: RecordableHistogram): Pick<RunMetrics, 'p50Ms' | 'p99Ms' | 'maxMs'> {
  if (histogram.count === 0) return { p50Ms: null, p99Ms: null, maxMs: null };
  return {
    p50Ms: round(histogram.percentile(50) / 1e6),
    p99Ms: round(histogram.percentile(99) / 1e6),
    maxMs: round(histogram.max / 1e6),
  };
}

/** Runs one measured run of `scenario` against `peer`. */
export async function measure(
  scenario: Scenario,
  s: Settings,
  peer: RunningPeer,
  pool: LoadPool,
  window: { start: number; end: number } = { start: 0, end: 0 },
): Promise<RunMetrics> {
  const tasks = scenario.tasks(s, peer.id, peer.port, pool.size);
  // The server and any cluster workers it forked.
  const pids = processTree(peer.pid);
  switch (scenario.drive) {
    case 'window': {
      const running = await pool.start(tasks, 60_000);
      running.send('go');
      await sleep(s.warmupMs);
      const before = readProcs(pids);
      const loadBefore = process.cpuUsage();
      resetPeakRss(pids);
      const sampler = new RssSampler(pids);
      sampler.start();
      const t0 = performance.now();
      window.start = t0;
      running.send('mark-start');
      await sleep(s.durationMs);
      window.end = performance.now();
      const after = readProcs(pids);
      const loadCpu = process.cpuUsage(loadBefore);
      const wallMs = performance.now() - t0;
      const peak = sampler.stop();
      const results = await running.results(30_000, 'mark-end');
      return finish(results, before, after, wallMs, loadCpu, peak);
    }
    case 'big': {
      const running = await pool.start(tasks, 60_000);
      await sleep(100);
      const before = readProcs(pids);
      const loadBefore = process.cpuUsage();
      resetPeakRss(pids);
      const sampler = new RssSampler(pids, 10);
      sampler.start();
      const t0 = performance.now();
      const task = tasks[0] as Extract<LoadTask, { kind: 'big-message' }>;
      const results = await running.results(task.timeoutMs + 30_000, 'go');
      const wallMs = performance.now() - t0;
      const after = readProcs(pids);
      const loadCpu = process.cpuUsage(loadBefore);
      const peak = sampler.stop();
      const metrics = finish(results, before, after, wallMs, loadCpu, peak);
      const growth = before && peak ? ((peak - before.rssKiB) * 1024) / 1e6 : null;
      metrics.extra.rssGrowthMB = growth === null ? null : round(growth);
      metrics.extra.messageBytes = task.chunk.byteLength * task.repeat;
      const accepted = Number(results[0].extra.bytesAccepted ?? 0);
      if (results[0].messages === 0) metrics.mbPerSec = round(accepted / 1e6 / (metrics.windowMs / 1000));
      return metrics;
    }
    case 'idle': {
      await sleep(s.idleSettleMs);
      const base = readProcs(pids);
      const loadBefore = process.cpuUsage();
      resetPeakRss(pids);
      const sampler = new RssSampler(pids, 50);
      sampler.start();
      const t0 = performance.now();
      const running: Running = await pool.start(tasks, 120_000);
      await sleep(s.idleSettleMs);
      const held = readProcs(pids);
      const wallMs = performance.now() - t0;
      const loadCpu = process.cpuUsage(loadBefore);
      const peak = sampler.stop();
      const results = await running.results(60_000, 'mark-end');
      const metrics = finish(results, base, held, wallMs, loadCpu, peak);
      const open = Number(metrics.extra.open ?? 0);
      metrics.extra.connections = open;
      metrics.extra.kbPerConnection = base && held && open > 0 ? round(((held.rssKiB - base.rssKiB) * 1024) / 1000 / open) : null;
      metrics.extra.baseRssMiB = base ? round(base.rssKiB / 1024) : null;
      metrics.extra.heldRssMiB = held ? round(held.rssKiB / 1024) : null;
      metrics.extra.connectionsPerSec = Math.round(open / (Math.max(...running.openMs) / 1000));
      metrics.msgsPerSec = 0;
      metrics.mbPerSec = 0;
      return metrics;
    }
  }
}

function finish(
  results: LoadResult[],
  before: ReturnType<typeof readProcs>,
  after: ReturnType<typeof readProcs>,
  wallMs: number,
  loadCpu: NodeJS.CpuUsage,
  peakKiB: number,
): RunMetrics {
  const { histogram, sum } = merge(results);
  const seconds = sum.windowMs / 1000;
  const serverCpu = before && after ? ((after.cpuSeconds - before.cpuSeconds) / (wallMs / 1000)) * 100 : null;
  const serverSys = before && after ? ((after.sysSeconds - before.sysSeconds) / (wallMs / 1000)) * 100 : null;
  const messages = sum.messages;
  return {
    windowMs: Math.round(sum.windowMs),
    messages,
    msgsPerSec: seconds > 0 ? round(messages / seconds) : 0,
    mbPerSec: seconds > 0 ? round(sum.bytes / 1e6 / seconds) : 0,
    ...latency(histogram),
    serverCpuPct: serverCpu === null ? null : Math.round(serverCpu),
    serverSysPct: serverSys === null ? null : Math.round(serverSys),
    faultsPerMsg: before && after && messages > 0 ? round((after.minorFaults - before.minorFaults) / messages) : null,
    userMicrosPerMsg: before && after && messages > 0 ? round((((after.cpuSeconds - after.sysSeconds) - (before.cpuSeconds - before.sysSeconds)) * 1e6) / messages) : null,
    sysMicrosPerMsg: before && after && messages > 0 ? round(((after.sysSeconds - before.sysSeconds) * 1e6) / messages) : null,
    loadCpuPct: Math.round(((loadCpu.user + loadCpu.system) / 1000 / wallMs) * 100),
    serverPeakRssMiB: peakKiB > 0 ? round(peakKiB / 1024) : null,
    serverStartRssMiB: before ? round(before.rssKiB / 1024) : null,
    mismatches: sum.mismatches,
    mismatchesByCategory: sum.mismatchesByCategory,
    answeredByCategory: sum.answeredByCategory,
    mismatchSamples: sum.mismatchSamples,
    errors: sum.errors,
    errorSamples: sum.errorSamples,
    unanswered: sum.unanswered,
    extra: { ...sum.extra },
  };
}
