/**
 * One scenario against every peer: each peer's server runs for the whole scenario and the
 * runs take turns (ours, ours-on, C, Python, naive, ours, ...), so a busy moment on a shared
 * machine does not land on one peer only. Then, optionally, one extra run per peer under perf.
 */
import { join } from 'node:path';
import { CLoadGenerator } from './c-load';
import { cpuBudgetUnavailable } from './cpu-budget';
import { measure } from './measure';
import { PeerCommands, startPeer, type PeerId, type RunningPeer, type StartOptions } from './peers';
import type { Pinning } from './pinning';
import { LoadPool } from './pool';
import type { PeerResult, ScenarioResult } from './results';
import type { Scenario, Settings } from './scenarios';
import { countsPerMessage } from './syscalls';
import type { LoadGenerator } from './tasks';

export interface BenchContext {
  settings: Settings;
  commands: PeerCommands;
  pinning: Pinning;
  loads: LoadGenerators;
  onlyPeers: PeerId[] | undefined;
  profileDir: string | undefined;
  /** perf events to count syscalls with, when counting. */
  perfEvents: string[] | undefined;
  buildDir: string;
  /** No run starts after this moment (performance.now()). */
  deadline: number;
  budgetNote: string;
}

/**
 * The load generators, made when first needed: the C processes for message traffic, the Node
 * worker threads for connection-heavy tasks; one per load CPU, or one per CPU for the
 * multi-core scenario (where the servers are held to a CPU share instead of pinned).
 */
export class LoadGenerators {
  private readonly made = new Map<string, LoadGenerator>();

  constructor(
    private readonly c: { binary: string; buildDir: string } | { unavailable: string },
    private readonly loadCpuWorkers: number,
    private readonly everyCpuWorkers: number,
  ) {}

  /** Why a scenario on this generator cannot run here, if it cannot. */
  unavailable(kind: Scenario['generator']): string | undefined {
    return kind === 'c' && 'unavailable' in this.c ? this.c.unavailable : undefined;
  }

  get(kind: Scenario['generator'], everyCpu: boolean): LoadGenerator {
    const key = `${kind}-${everyCpu}`;
    let generator = this.made.get(key);
    if (generator === undefined) {
      const size = everyCpu ? this.everyCpuWorkers : this.loadCpuWorkers;
      if (kind === 'node') generator = new LoadPool(size);
      else if ('binary' in this.c) generator = new CLoadGenerator(size, this.c.binary, this.c.buildDir);
      else throw new Error(this.c.unavailable);
      this.made.set(key, generator);
    }
    return generator;
  }

  /** A Node pool whose worker may be left in an unknown state (after a failure) gets fresh threads. */
  async reset(generator: LoadGenerator): Promise<void> {
    if (generator instanceof LoadPool) await generator.reset();
  }

  async close(): Promise<void> {
    for (const generator of this.made.values()) if (generator instanceof LoadPool) await generator.close();
  }
}

const firstLine = (error: unknown): string => (error as Error).message.split('\n')[0].slice(0, 300);

export async function runScenario(scenario: Scenario, ctx: BenchContext): Promise<ScenarioResult> {
  const { settings, commands, pinning } = ctx;
  const result: ScenarioResult = { id: scenario.id, number: scenario.number, title: scenario.title, description: scenario.describe(settings), peers: [] };
  const share = scenario.serverCpuShare;
  const shareUnavailable =
    share === undefined ? undefined : pinning.serverCpu === undefined ? `needs the pinning the other scenarios use (${pinning.description})` : cpuBudgetUnavailable();
  const cpuShare = share !== undefined && shareUnavailable === undefined ? { share, cpus: pinning.allowed! } : undefined;
  const generatorUnavailable = ctx.loads.unavailable(scenario.generator);
  if (cpuShare) pinning.everyCpu();
  const load = generatorUnavailable ? undefined : ctx.loads.get(scenario.generator, cpuShare !== undefined);
  const startOptions = (peerId: PeerId): StartOptions => ({
    ...scenario.startOptions(settings),
    cpu: share === undefined ? pinning.serverCpu : undefined,
    cpuShare,
    nodeFlags: ctx.profileDir && peerId === 'ours' ? ['--cpu-prof', '--cpu-prof-dir', ctx.profileDir, '--cpu-prof-name', `${scenario.id}.cpuprofile`] : undefined,
  });
  const contestants: { peerResult: PeerResult; peer?: RunningPeer; runs: number }[] = [];
  for (const peerId of scenario.peers) {
    if (ctx.onlyPeers && !ctx.onlyPeers.includes(peerId)) continue;
    const peerResult: PeerResult = { peer: peerId, status: 'ok', runs: [], summary: null };
    result.peers.push(peerResult);
    const unavailable = commands.available(peerId) ?? generatorUnavailable ?? (shareUnavailable && `not measured: ${shareUnavailable}`);
    if (unavailable || performance.now() > ctx.deadline) {
      peerResult.status = 'skipped';
      peerResult.note = unavailable || ctx.budgetNote;
      continue;
    }
    const contestant = { peerResult, peer: undefined as RunningPeer | undefined, runs: scenario.runs?.(settings, peerId) ?? settings.runs };
    try {
      contestant.peer = await startPeer(commands, peerId, startOptions(peerId));
    } catch (error) {
      peerResult.status = 'failed';
      peerResult.note = firstLine(error);
    }
    contestants.push(contestant);
  }
  const rounds = Math.max(0, ...contestants.map((c) => c.runs));
  for (let run = 0; run < rounds && load; run++) {
    for (const c of contestants) {
      const { peerResult } = c;
      if (peerResult.status !== 'ok' || run >= c.runs) continue;
      if (performance.now() > ctx.deadline) {
        peerResult.note = `${ctx.budgetNote} after ${peerResult.runs.length} run(s)`;
        if (peerResult.runs.length === 0) peerResult.status = 'skipped';
        continue;
      }
      try {
        if (!c.peer || !c.peer.alive) c.peer = await startPeer(commands, peerResult.peer, startOptions(peerResult.peer));
        const metrics = await measure(scenario, settings, c.peer, load);
        peerResult.runs.push(metrics);
        if (!c.peer.alive) throw new Error(`server ${c.peer.describeExit()}`);
        // A server still busy with a message it never finished must not steal the CPU from the next peer.
        if (metrics.unanswered > 0) await c.peer.stop();
      } catch (error) {
        peerResult.status = 'failed';
        peerResult.note = firstLine(error);
        if (c.peer && !c.peer.alive && !peerResult.note.includes('server')) peerResult.note += `; server ${c.peer.describeExit()}`;
        await c.peer?.stop();
        await ctx.loads.reset(load);
      }
    }
  }
  for (const c of contestants) await c.peer?.stop();
  if (cpuShare) pinning.loadCpusOnly();
  if (scenario.syscalls && ctx.perfEvents && load) {
    for (const { peerResult } of contestants) {
      if (peerResult.status === 'ok' && performance.now() < ctx.deadline) await countSyscalls(scenario, ctx, peerResult, startOptions(peerResult.peer), load);
    }
  }
  return result;
}

/** One extra run with the server under `perf stat`: syscalls per message (perf slows syscalls, so no other figure comes from it). */
async function countSyscalls(scenario: Scenario, ctx: BenchContext, peerResult: PeerResult, options: StartOptions, load: LoadGenerator): Promise<void> {
  const output = join(ctx.buildDir, `perf-${scenario.id}-${peerResult.peer}.csv`);
  let peer: RunningPeer | undefined;
  try {
    peer = await startPeer(ctx.commands, peerResult.peer, { ...options, nodeFlags: undefined, perf: { events: ctx.perfEvents!, output } });
    const window = { start: 0, end: 0 };
    const metrics = await measure(scenario, ctx.settings, peer, load, window);
    const counts = countsPerMessage(output, window.start - peer.spawnedAt, window.end - peer.spawnedAt, metrics.msgsPerSec);
    if (counts) peerResult.syscalls = counts;
  } catch (error) {
    console.log(`  (syscall count for ${scenario.id} ${peerResult.peer} failed: ${firstLine(error)})`);
    await ctx.loads.reset(load);
  } finally {
    await peer?.stop();
  }
}
