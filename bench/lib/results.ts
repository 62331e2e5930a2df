/** The results file: what one bench run measured, summarized per scenario and peer, and the targets. */
import { ACCELERATION, GENERATOR_BOUND_PCT, type PeerId } from './peer-labels';
import type { RunMetrics } from './measure';
import type { Settings } from './scenarios';
import type { SyscallCounts } from './syscalls';
import { checkTargets, type CheckResult } from './check-results';
import { stat, type Stat } from './stat';

export { stat, type Stat };

export interface Summary {
  runs: number;
  msgsPerSec: Stat | null;
  mbPerSec: Stat | null;
  p50Ms: Stat | null;
  p99Ms: Stat | null;
  maxMs: Stat | null;
  serverCpuPct: number | null;
  serverSysPct: number | null;
  faultsPerMsg: number | null;
  userMicrosPerMsg: number | null;
  sysMicrosPerMsg: number | null;
  loadCpuPct: number | null;
  serverPeakRssMiB: number | null;
  /** Replies checked wrong, over all runs (warm-up included), and how many replies were checked. */
  mismatches: number;
  answered: number;
  mismatchesByCategory: Record<string, number>;
  answeredByCategory: Record<string, number>;
  mismatchSamples: RunMetrics['mismatchSamples'];
  errorSamples: string[];
  errors: number;
  unanswered: number;
  /** Worst case of the scenario's own figures (RSS growth, KB per connection) or median of rates. */
  extra: Record<string, number | string | boolean | null>;
}

export interface PeerResult {
  peer: PeerId;
  status: 'ok' | 'failed' | 'skipped';
  note?: string;
  runs: RunMetrics[];
  summary: Summary | null;
  /** From one extra run under perf (full runs only). */
  syscalls?: SyscallCounts;
}

export interface ScenarioResult {
  id: string;
  number: string;
  title: string;
  description: string;
  peers: PeerResult[];
}

export interface Target {
  id: string;
  description: string;
  /** The measured figure and the bound it is held to. */
  value: number | null;
  bound: string;
  pass: boolean | null;
  note?: string;
  /** The checker's speed targets; the others are issue 5's, for the server. */
  group?: 'checker';
}

export interface BenchResults {
  generatedAt: string;
  mode: 'full' | 'quick' | 'partial';
  settings: Settings;
  machine: Record<string, string | number | boolean | null>;
  durationSeconds: number;
  notes: string[];
  scenarios: ScenarioResult[];
  /** charcount-check's own timings (the checker group); absent in files written before it existed. */
  checks?: CheckResult[];
  targets: Target[];
}

const median = (values: (number | null)[]): number | null => stat(values)?.median ?? null;

/** Extra figures where the worst run is the honest summary. */
const WORST_IS_MAX = new Set(['rssGrowthMiB', 'rssGrowthMB', 'kbPerConnection', 'heldRssMiB']);

export function summarize(runs: RunMetrics[]): Summary | null {
  if (runs.length === 0) return null;
  const extra: Summary['extra'] = {};
  const keys = new Set(runs.flatMap((r) => Object.keys(r.extra)));
  for (const key of keys) {
    const values = runs.map((r) => r.extra[key]);
    if (values.every((v) => typeof v === 'number' || v === null)) {
      const nums = values as (number | null)[];
      extra[key] = WORST_IS_MAX.has(key) ? (stat(nums)?.max ?? null) : median(nums);
    } else {
      extra[key] = values.find((v) => v !== undefined) ?? null;
    }
  }
  const sumBy = (pick: (r: RunMetrics) => Record<string, number>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(pick(r))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    runs: runs.length,
    msgsPerSec: stat(runs.map((r) => r.msgsPerSec)),
    mbPerSec: stat(runs.map((r) => r.mbPerSec)),
    p50Ms: stat(runs.map((r) => r.p50Ms)),
    p99Ms: stat(runs.map((r) => r.p99Ms)),
    maxMs: stat(runs.map((r) => r.maxMs)),
    serverCpuPct: median(runs.map((r) => r.serverCpuPct)),
    serverSysPct: median(runs.map((r) => r.serverSysPct)),
    faultsPerMsg: median(runs.map((r) => r.faultsPerMsg)),
    userMicrosPerMsg: median(runs.map((r) => r.userMicrosPerMsg)),
    sysMicrosPerMsg: median(runs.map((r) => r.sysMicrosPerMsg)),
    loadCpuPct: median(runs.map((r) => r.loadCpuPct)),
    serverPeakRssMiB: stat(runs.map((r) => r.serverPeakRssMiB))?.max ?? null,
    mismatches: runs.reduce((s, r) => s + r.mismatches, 0),
    answered: runs.reduce((s, r) => {
      const checked = Object.values(r.answeredByCategory).reduce((a, b) => a + b, 0);
      return s + (checked > 0 ? checked : r.messages);
    }, 0),
    mismatchesByCategory: sumBy((r) => r.mismatchesByCategory),
    answeredByCategory: sumBy((r) => r.answeredByCategory),
    mismatchSamples: runs.flatMap((r) => r.mismatchSamples).slice(0, 3),
    errorSamples: [...new Set(runs.flatMap((r) => r.errorSamples))].slice(0, 3),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    unanswered: runs.reduce((s, r) => s + r.unanswered, 0),
    extra,
  };
}

export function find(results: BenchResults, scenario: string, peer: PeerId): Summary | null {
  const s = results.scenarios.find((x) => x.id === scenario);
  const p = s?.peers.find((x) => x.peer === peer);
  return p?.status === 'ok' ? p.summary : null;
}

/** The figure a scenario is judged by, and whether more is better. */
export function headline(scenarioId: string, summary: Summary | null): { value: number | null; higherIsBetter: boolean; unit: string } {
  if (summary === null) return { value: null, higherIsBetter: true, unit: '' };
  switch (scenarioId) {
    case 'pingpong':
      return { value: summary.p99Ms?.median ?? null, higherIsBetter: false, unit: 'ms p99' };
    case 'lines1m':
      return { value: summary.mbPerSec?.median ?? null, higherIsBetter: true, unit: 'MB/s' };
    case 'big':
      return { value: (summary.extra.rssGrowthMB as number | null) ?? null, higherIsBetter: false, unit: 'MB RSS growth' };
    case 'idle':
      return { value: (summary.extra.kbPerConnection as number | null) ?? null, higherIsBetter: false, unit: 'KB/connection' };
    case 'classic':
      return { value: summary.p50Ms?.median ?? null, higherIsBetter: false, unit: 'ms p50' };
    case 'churn':
      return { value: summary.msgsPerSec?.median ?? null, higherIsBetter: true, unit: 'connections/s' };
    default:
      return { value: summary.msgsPerSec?.median ?? null, higherIsBetter: true, unit: 'msg/s' };
  }
}

const GiB = 1024 ** 3;

/**
 * RSS growth allowed on the huge message. With the shared read buffer a read allocates
 * nothing (issue 5: under 20 MB). The plain server reads into Node's fresh buffers, which
 * pile up until a garbage collection; its decoder holds no message bytes, so the growth is
 * bounded by what the collector lets pile up, not by the message (issue 13: bounded).
 */
const RSS_GROWTH_BOUND_MB = { on: 20, off: 128 } as const;

/** The load generator at or above GENERATOR_BOUND_PCT in either run: the ratio of the two is not a result. */
const bound = (...summaries: (Summary | null)[]): boolean => summaries.some((s) => (s?.loadCpuPct ?? 0) >= GENERATOR_BOUND_PCT);

/** Issue 5's targets for each mode of charcount-server, the memory bound of issue 13, and the checker's. */
export function evaluateTargets(results: BenchResults): Target[] {
  const quick = results.settings.quick;
  const targets: Target[] = [];
  const judge = (value: number | null, ok: (v: number) => boolean): boolean | null => (value === null ? null : ok(value));
  /** A ratio target: not judged when either side was generator-bound. */
  const ratioTarget = (id: string, description: string, scenario: string, peer: PeerId, over: PeerId, pick: (s: Summary) => number | null | undefined, boundText: string, ok: (v: number) => boolean): void => {
    const a = find(results, scenario, peer);
    const b = find(results, scenario, over);
    const x = a ? pick(a) : null;
    const y = b ? pick(b) : null;
    const value = x != null && y != null && y > 0 ? Number((x / y).toPrecision(3)) : null;
    const cpus = `generator at ${a?.loadCpuPct ?? '–'} % and ${b?.loadCpuPct ?? '–'} %`;
    if (bound(a, b)) targets.push({ id, description, value: null, bound: boundText, pass: null, note: `generator-bound: ${cpus}` });
    else targets.push({ id, description, value, bound: boundText, pass: judge(value, ok), note: value === null ? undefined : cpus });
  };
  const bigSize = results.settings.bigMessageBytes >= GiB ? '1 GiB' : `${results.settings.bigMessageBytes / 1024 ** 2} MiB`;
  for (const peer of ['ours', 'ours-on'] as const) {
    const mode = ACCELERATION[peer]!;
    const label = `ACCELERATION=${mode}`;
    ratioTarget(`pipelined-vs-c-${mode}`, `Pipelined 64 B (3), ${label}: ours / C, messages per second`, 'pipelined', peer, 'c', (s) => s.msgsPerSec?.median, '>= 0.6', (v) => v >= 0.6);
    ratioTarget(`lines1m-vs-c-${mode}`, `1 MiB lines (4), ${label}: ours / C, MB per second`, 'lines1m', peer, 'c', (s) => s.mbPerSec?.median, '>= 0.85', (v) => v >= 0.85);
    ratioTarget(`pingpong-p99-vs-c-${mode}`, `Ping-pong (1), ${label}: ours p99 / C p99`, 'pingpong', peer, 'c', (s) => s.p99Ms?.median, '<= 1.5', (v) => v <= 1.5);
    const idle = find(results, 'idle', peer);
    const kb = (idle?.extra.kbPerConnection as number | null | undefined) ?? null;
    targets.push({
      id: `idle-kb-per-connection-${mode}`,
      description: `Idle connections (6), ${label}: KB of RSS per connection at ${results.settings.idleConnections.toLocaleString('en')} connections`,
      value: kb,
      bound: '<= 8',
      pass: judge(kb, (v) => v <= 8),
      note: quick ? 'quick mode opens 1,000 connections, not 10,000' : undefined,
    });
    const big = find(results, 'big', peer);
    const growth = (big?.extra.rssGrowthMB as number | null | undefined) ?? null;
    const limit = RSS_GROWTH_BOUND_MB[mode];
    targets.push({
      id: `big-rss-growth-${mode}`,
      description: `One ${bigSize} message (5), ${label}: RSS growth in MB (worst run)`,
      value: growth,
      bound: `< ${limit}`,
      pass: judge(growth, (v) => v < limit),
      note: quick ? 'quick mode sends 64 MiB, not 1 GiB' : undefined,
    });
    ratioTarget(`python-ratio-${mode}`, `Pipelined 64 B (3), ${label}: ours / Python asyncio, messages per second`, 'pipelined', peer, 'python', (s) => s.msgsPerSec?.median, '>= 3', (v) => v >= 3);
    ratioTarget(`naive-ratio-${mode}`, `Pipelined 64 B (3), ${label}: ours / naive Node, messages per second`, 'pipelined', peer, 'naive', (s) => s.msgsPerSec?.median, '>= 20', (v) => v >= 20);
  }
  ratioTarget(
    'workers-scaling',
    'Multi-core (10): WORKERS=2 / WORKERS=1 (ACCELERATION=on), messages per second, each server process held to an equal share of its own CPU',
    'workers',
    'ours-2w',
    'ours-on',
    (s) => s.msgsPerSec?.median,
    '>= 1.7',
    (v) => v >= 1.7,
  );
  targets.push(...checkTargets(results.checks ?? []));
  return targets;
}

/** JSON with one line per run, per summary and per syscall count, so the file stays short and diffable. */
export function compactJson(value: unknown): string {
  const inline = new Set(['runs', 'summary', 'syscalls', 'settings', 'machine']);
  const walk = (v: unknown, indent: string, key: string | null): string => {
    if (key !== null && inline.has(key)) {
      if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => `${indent} ${JSON.stringify(x)}`).join(',\n')}\n${indent}]`;
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) {
      if (v.every((x) => typeof x !== 'object' || x === null)) return JSON.stringify(v);
      return `[\n${v.map((x) => `${indent} ${walk(x, `${indent} `, null)}`).join(',\n')}\n${indent}]`;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      return `{\n${entries.map(([k, x]) => `${indent} ${JSON.stringify(k)}: ${walk(x, `${indent} `, k)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return `${walk(value, '', null)}\n`;
}

/** The results file keeps per-run figures only; categories and samples live in the summary. */
export function slimRuns(results: BenchResults): void {
  for (const s of results.scenarios) {
    for (const p of s.peers) {
      p.runs = p.runs.map((r) => {
        const slim: Partial<RunMetrics> = { ...r };
        delete slim.answeredByCategory;
        delete slim.mismatchesByCategory;
        delete slim.mismatchSamples;
        delete slim.errorSamples;
        return slim as RunMetrics;
      });
    }
  }
}
