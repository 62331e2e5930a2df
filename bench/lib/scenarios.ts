/** The scenarios of issue 5: what each one sends, to which peers, with which settings. */
import {
  makeCorpus,
  message64,
  mixInvalidMessages,
  mixMessages,
  proseBytes,
  proseLine,
  textMessage,
} from './corpus';
import type { PeerId, StartOptions } from './peers';
import type { LoadTask } from './tasks';

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
  /** Message traffic runs on the C generator (closed-loop.c); connection-heavy tasks on the Node worker threads. */
  generator: 'c' | 'node';
  peers: PeerId[];
  /** The headline figure of this scenario. */
  headline: 'msgs' | 'mbps' | 'p99' | 'kbPerConn' | 'rssGrowth' | 'p50';
  startOptions: (s: Settings) => StartOptions;
  /** One task per load worker or generator process. */
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

/** Both modes of charcount-server against the same peers, in the same run. */
const PEERS: PeerId[] = ['ours', 'ours-on', 'c', 'python', 'naive'];
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
    generator: 'c',
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
    generator: 'c',
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
    generator: 'c',
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
    generator: 'c',
    peers: ['ours-on', 'ours-2w'],
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
    generator: 'c',
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
    generator: 'node',
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
    generator: 'node',
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
    generator: 'node',
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
    generator: 'c',
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
    generator: 'c',
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
    generator: 'c',
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
