/** How one run of one scenario against one peer is measured: the load, the server's /proc figures, the generator's CPU. */
import { percentiles, type Percentiles } from './latency';
import type { RunningPeer } from './peers';
import { readProcs, resetPeakRss, RssSampler } from './proc';
import { processTree } from './cpu-budget';
import type { Scenario, Settings } from './scenarios';
import type { LoadGenerator, LoadResult, LoadTask, RunningLoad } from './tasks';

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
  /** Load generator CPU in the window, % of one core: the busiest C generator process, or the Node worker's whole process. */
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

function merge(results: LoadResult[]): { latency: Percentiles; sum: Omit<RunMetrics, 'msgsPerSec' | 'mbPerSec' | 'p50Ms' | 'p99Ms' | 'maxMs' | 'serverCpuPct' | 'serverSysPct' | 'faultsPerMsg' | 'userMicrosPerMsg' | 'sysMicrosPerMsg' | 'loadCpuPct' | 'serverPeakRssMiB' | 'serverStartRssMiB'> & { bytes: number } } {
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
  return { latency: percentiles(results.map((r) => r.latencyNs)), sum };
}

/** Runs one measured run of `scenario` against `peer`. */
export async function measure(
  scenario: Scenario,
  s: Settings,
  peer: RunningPeer,
  pool: LoadGenerator,
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
      const running: RunningLoad = await pool.start(tasks, 120_000);
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
  const { latency, sum } = merge(results);
  const seconds = sum.windowMs / 1000;
  const serverCpu = before && after ? ((after.cpuSeconds - before.cpuSeconds) / (wallMs / 1000)) * 100 : null;
  const serverSys = before && after ? ((after.sysSeconds - before.sysSeconds) / (wallMs / 1000)) * 100 : null;
  const messages = sum.messages;
  return {
    windowMs: Math.round(sum.windowMs),
    messages,
    msgsPerSec: seconds > 0 ? round(messages / seconds) : 0,
    mbPerSec: seconds > 0 ? round(sum.bytes / 1e6 / seconds) : 0,
    ...latency,
    serverCpuPct: serverCpu === null ? null : Math.round(serverCpu),
    serverSysPct: serverSys === null ? null : Math.round(serverSys),
    faultsPerMsg: before && after && messages > 0 ? round((after.minorFaults - before.minorFaults) / messages) : null,
    userMicrosPerMsg: before && after && messages > 0 ? round((((after.cpuSeconds - after.sysSeconds) - (before.cpuSeconds - before.sysSeconds)) * 1e6) / messages) : null,
    sysMicrosPerMsg: before && after && messages > 0 ? round(((after.sysSeconds - before.sysSeconds) * 1e6) / messages) : null,
    loadCpuPct: Math.round(results.every((r) => r.cpuPct !== undefined) ? Math.max(...results.map((r) => r.cpuPct!)) : ((loadCpu.user + loadCpu.system) / 1000 / wallMs) * 100),
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
