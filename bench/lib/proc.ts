/** A server's CPU, page faults and memory, read from /proc while the bench runs. */
import { readFileSync, writeFileSync } from 'node:fs';

export interface ProcSnapshot {
  /** utime + stime, seconds. */
  cpuSeconds: number;
  /** stime: in the kernel on the process's behalf (syscalls, and on loopback most of TCP). */
  sysSeconds: number;
  /** Minor page faults so far: fresh memory being touched for the first time. */
  minorFaults: number;
  rssKiB: number;
  hwmKiB: number;
}

const CLOCK_TICKS = 100;

/** The sum over several processes (a server and its cluster workers); null if any cannot be read. */
export function readProcs(pids: number[]): ProcSnapshot | null {
  const total: ProcSnapshot = { cpuSeconds: 0, sysSeconds: 0, minorFaults: 0, rssKiB: 0, hwmKiB: 0 };
  for (const pid of pids) {
    const one = readProc(pid);
    if (one === null) return null;
    total.cpuSeconds += one.cpuSeconds;
    total.sysSeconds += one.sysSeconds;
    total.minorFaults += one.minorFaults;
    total.rssKiB += one.rssKiB;
    total.hwmKiB += one.hwmKiB;
  }
  return total;
}

export function readProc(pid: number): ProcSnapshot | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const sysSeconds = Number(fields[12]) / CLOCK_TICKS;
    const minorFaults = Number(fields[7]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const hwmKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds, sysSeconds, minorFaults, rssKiB, hwmKiB };
  } catch {
    return null;
  }
}

/** Resets the kernel's peak-RSS mark (VmHWM) so the next reading is the peak of what follows. */
export function resetPeakRss(pids: number[]): boolean {
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Polls VmRSS while a scenario runs; the peak is the larger of the samples and VmHWM. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peakKiB = 0;

  constructor(
    private readonly pids: number[],
    private readonly intervalMs = 20,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  sample(): void {
    const snapshot = readProcs(this.pids);
    if (snapshot) this.peakKiB = Math.max(this.peakKiB, snapshot.rssKiB);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    const snapshot = readProcs(this.pids);
    if (snapshot) this.peakKiB = Math.max(this.peakKiB, snapshot.hwmKiB);
    return this.peakKiB;
  }
}
