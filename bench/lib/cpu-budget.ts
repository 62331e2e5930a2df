/**
 * Measuring the WORKERS setting on a machine whose CPUs the load generator also needs.
 *
 * Each server process gets its own CPU (taskset) and may use only a share of it (a CFS
 * quota in its own cgroup: the mechanism behind `docker run --cpus`). One worker then has
 * `share` of one CPU, two workers `share` of each of two CPUs, and the load generator, free
 * to run on every CPU, keeps the rest of both. Throughput with 2 workers over throughput
 * with 1 then says how the server scales with the CPUs it is given, without the load
 * generator taking them away.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PERIOD_US = 10_000;
const V1_ROOT = '/sys/fs/cgroup/cpu';
const V2_ROOT = '/sys/fs/cgroup';

type Flavour = { version: 1; root: string } | { version: 2; root: string };

function cgroupFlavour(): Flavour | string {
  if (existsSync(join(V1_ROOT, 'cpu.cfs_quota_us'))) return { version: 1, root: V1_ROOT };
  const controllers = join(V2_ROOT, 'cgroup.controllers');
  if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu')) return { version: 2, root: V2_ROOT };
  return 'no cgroup cpu controller at /sys/fs/cgroup';
}

/** Why CPU budgets cannot be used here, or undefined when they can (this creates and removes a probe cgroup). */
export function cpuBudgetUnavailable(): string | undefined {
  const flavour = cgroupFlavour();
  if (typeof flavour === 'string') return flavour;
  if (spawnSync('taskset', ['-V']).status !== 0) return 'taskset not found';
  removeLeftoverGroups(flavour.root);
  const probe = join(flavour.root, `charcount-bench-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return undefined;
  } catch (error) {
    return `cannot create a cgroup under ${flavour.root} (${(error as NodeJS.ErrnoException).code}; run the bench as root, or in a container with a writable cgroup)`;
  }
}

/** Empty cgroups a bench killed with SIGKILL left behind (a cgroup that still holds a process cannot be removed). */
function removeLeftoverGroups(root: string): void {
  for (const entry of readdirSync(root)) {
    if (!entry.startsWith('charcount-bench-')) continue;
    try {
      rmdirSync(join(root, entry));
    } catch {
      // in use by a running bench
    }
  }
}

/** Server processes held to a CPU share each; release() removes their cgroups once they have exited. */
export class CpuBudget {
  private readonly groups: string[] = [];

  private constructor(
    readonly pids: number[],
    readonly description: string,
  ) {}

  /**
   * Waits until `workers` processes of the server started as `rootPid` listen on `port`
   * (the process itself when workers = 1, else its cluster workers), then gives the i-th of
   * them CPU cpus[i] and `share` of it.
   */
  static async apply(rootPid: number, workers: number, port: number, share: number, cpus: number[]): Promise<CpuBudget> {
    const flavour = cgroupFlavour();
    if (typeof flavour === 'string') throw new Error(flavour);
    const pids = await waitForListeners(rootPid, workers, port);
    const budget = new CpuBudget(pids, `${workers} × ${share} CPU`);
    pids.forEach((pid, i) => {
      const cpu = cpus[i % cpus.length];
      const group = join(flavour.root, `charcount-bench-${process.pid}-${pid}`);
      mkdirSync(group);
      budget.groups.push(group);
      const quota = Math.round(share * PERIOD_US);
      if (flavour.version === 1) {
        writeFileSync(join(group, 'cpu.cfs_period_us'), String(PERIOD_US));
        writeFileSync(join(group, 'cpu.cfs_quota_us'), String(quota));
      } else {
        writeFileSync(join(group, 'cpu.max'), `${quota} ${PERIOD_US}`);
      }
      writeFileSync(join(group, 'cgroup.procs'), String(pid));
      const pinned = spawnSync('taskset', ['-a', '-cp', String(cpu), String(pid)], { encoding: 'utf8' });
      if (pinned.status !== 0) throw new Error(`taskset failed for server process ${pid}: ${pinned.stderr.trim()}`);
    });
    return budget;
  }

  /** Removes the cgroups; call after the server has exited (a cgroup with processes in it cannot be removed). */
  async release(): Promise<void> {
    for (const group of this.groups.splice(0)) {
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          rmdirSync(group);
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }
  }
}

/** Process ids of rootPid and all its descendants. */
export function processTree(rootPid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const tree: number[] = [];
  const visit = (pid: number): void => {
    tree.push(pid);
    for (const child of parents.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}

/** Socket inodes of TCP sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && fields[1].endsWith(`:${hexPort}`) && fields[3] === '0A') inodes.add(fields[9]);
    }
  }
  return inodes;
}

function ownsAny(pid: number, inodes: Set<string>): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

async function waitForListeners(rootPid: number, workers: number, port: number): Promise<number[]> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    const inodes = listeningInodes(port);
    const candidates = workers === 1 ? [rootPid] : processTree(rootPid).filter((pid) => pid !== rootPid);
    const listening = candidates.filter((pid) => ownsAny(pid, inodes));
    if (listening.length >= workers) return listening.slice(0, workers);
    if (performance.now() > deadline) throw new Error(`only ${listening.length} of ${workers} server processes listen on port ${port} after 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
