/**
 * Where the bench runs: the server pinned to one CPU, the load generator (this process, its
 * worker threads and the C generator processes it starts, which inherit its CPUs) on the others.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { allowedCpus } from './machine';

export interface Pinning {
  /** The CPUs this process may use; null without taskset or with --no-pin. */
  allowed: number[] | null;
  /** The server's CPU, when pinned. */
  serverCpu: number | undefined;
  /** How it was pinned, for the page. */
  description: string;
  /** CPUs the load generator has when the server is pinned. */
  loadCpuCount: number;
  /** Moves the load generator onto every allowed CPU (the multi-core scenario) and back. */
  everyCpu(): void;
  loadCpusOnly(): void;
}

/** Moves every thread of this process onto these CPUs. */
const pinSelf = (cpuList: string): ReturnType<typeof spawnSync> => spawnSync('taskset', ['-a', '-cp', cpuList, String(process.pid)], { encoding: 'utf8' });

export function pinLoadGenerator(noPin: boolean): Pinning {
  const allowed = noPin ? null : allowedCpus();
  let serverCpu: number | undefined;
  let description = 'not pinned (--no-pin)';
  if (!noPin) {
    if (allowed === null) description = 'not pinned: taskset not found';
    else if (allowed.length < 2) description = `not pinned: only CPU ${allowed.join(',')} available`;
    else {
      const loadCpuList = allowed.slice(1).join(',');
      const pinned = pinSelf(loadCpuList);
      if (pinned.status === 0) {
        serverCpu = allowed[0];
        description = `server on CPU ${serverCpu}, load generator on CPU ${loadCpuList} (taskset)`;
      } else description = `not pinned: taskset failed (${String(pinned.stderr).trim()})`;
    }
  }
  const pinned = allowed !== null && serverCpu !== undefined;
  return {
    allowed,
    serverCpu,
    description,
    loadCpuCount: pinned ? allowed.length - 1 : Math.max(1, availableParallelism() - 1),
    everyCpu: () => void (pinned && pinSelf(allowed.join(','))),
    loadCpusOnly: () => void (pinned && pinSelf(allowed.slice(1).join(','))),
  };
}
