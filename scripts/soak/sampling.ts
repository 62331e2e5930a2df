/**
 * The samples: at each one the churn pauses, every connection finishes, the server's garbage
 * is collected (through its inspector) and everything is measured, so the samples compare
 * like with like.
 */
import { sleep } from '../../tests/support/sleep';
import { HAVE_PROC, openFds, rssKiB } from '../../tests/hardening/proc';
import type { Churn } from './churn';
import type { SoakOptions } from './options';
import { row } from './report';
import { hasExited, type SoakServer } from './server';

export interface Sample {
  atS: number;
  connections: number;
  messages: number;
  rssMiB: number;
  fds: number;
  heapUsedMiB: number;
  externalMiB: number;
  handles: number;
  handleTypes: string;
}

/** The server's 1 s close linger, then some: every connection of the churn is gone before a sample. */
const quiesce = (): Promise<void> => sleep(1500);

/** Samples before any load, then churns and samples in turn until the run's time is up (or the server exits); prints each sample as it is taken. */
export async function sampleThroughout(server: SoakServer, churn: Churn, options: SoakOptions): Promise<Sample[]> {
  const started = performance.now();
  const history: Sample[] = [];
  await quiesce();
  history.push(await measure(server, 0, 0, 0));
  process.stdout.write(`${row(history[0])}\n`);
  // Each interval churns for its share of --minutes from its own start: the pauses for the
  // samples come on top, so even a short run churns (measured from the start, a 0.2-minute run
  // spent every interval in the pauses and made no connection at all).
  const churnMsPerInterval = (options.minutes * 60_000) / (options.samples - 1);
  for (let i = 1; i < options.samples; i++) {
    await churn.run(server.port, performance.now() + churnMsPerInterval);
    if (hasExited(server)) {
      churn.problem(`the server exited: ${server.child.exitCode ?? server.child.signalCode}`);
      break;
    }
    await quiesce();
    const sample = await measure(server, (performance.now() - started) / 1000, churn.stats.connections, churn.stats.messages);
    history.push(sample);
    process.stdout.write(`${row(sample)}\n`);
  }
  return history;
}

async function measure(server: SoakServer, atS: number, connections: number, messages: number): Promise<Sample> {
  await server.inspector.call('HeapProfiler.collectGarbage');
  const inside = await server.inspector.evaluate<{ heapUsed: number; external: number; resources: string[] }>(
    '({ ...process.memoryUsage(), resources: process.getActiveResourcesInfo() })',
  );
  const types = new Map<string, number>();
  for (const type of inside.resources) types.set(type, (types.get(type) ?? 0) + 1);
  return {
    atS,
    connections,
    messages,
    rssMiB: HAVE_PROC ? rssKiB(server.child.pid!) / 1024 : Number.NaN,
    fds: HAVE_PROC ? openFds(server.child.pid!) : Number.NaN,
    heapUsedMiB: inside.heapUsed / 1024 / 1024,
    externalMiB: inside.external / 1024 / 1024,
    handles: inside.resources.length,
    handleTypes: [...types].map(([type, n]) => `${type}×${n}`).join(' '),
  };
}
