/**
 * Syscalls per message, counted by the kernel's tracepoints with `perf stat` around a server
 * started under it (this machine's perf cannot attach to a running process, so the server
 * runs under `perf stat -I 100` for one extra, instrumented run that is not used for any
 * other figure). Needs perf and permission to read syscall tracepoints; skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Syscall families, with the tracepoints each one sums. */
export const FAMILIES: Record<string, string[]> = {
  read: ['read', 'readv', 'recvfrom', 'recvmsg'],
  write: ['write', 'writev', 'sendto', 'sendmsg'],
  wait: ['epoll_wait', 'epoll_pwait', 'epoll_pwait2'],
  epoll_ctl: ['epoll_ctl'],
};

const TRACEFS = ['/sys/kernel/tracing/events/syscalls', '/sys/kernel/debug/tracing/events/syscalls'];

/** The events to count, or why syscalls cannot be counted here. */
export function syscallEvents(): { events: string[] } | { unavailable: string } {
  const probe = spawnSync('perf', ['stat', '-x,', '-e', 'raw_syscalls:sys_enter', '--', 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0 || !/^\d+,/m.test(probe.stderr)) {
    return { unavailable: 'perf stat cannot count syscall tracepoints here (perf missing, or perf_event_paranoid / tracefs permissions)' };
  }
  const dir = TRACEFS.find((d) => existsSync(d));
  const names = Object.values(FAMILIES).flat().filter((name) => dir === undefined || existsSync(`${dir}/sys_enter_${name}`));
  return { events: ['raw_syscalls:sys_enter', ...names.map((name) => `syscalls:sys_enter_${name}`)] };
}

export interface SyscallCounts {
  /** Syscalls per message answered, per family, and `total` (every syscall). */
  perMessage: Record<string, number>;
  /** The message rate of the instrumented run (for reference; perf slows syscalls a little). */
  msgsPerSec: number;
}

/**
 * Per-second rate of each event over the perf intervals that lie inside [fromMs, toMs]
 * (milliseconds since perf started), summed into families and divided by the message rate.
 */
export function countsPerMessage(perfOutput: string, fromMs: number, toMs: number, msgsPerSec: number): SyscallCounts | null {
  if (!existsSync(perfOutput) || msgsPerSec <= 0) return null;
  const sums = new Map<string, number>();
  const intervals = new Set<string>();
  for (const line of readFileSync(perfOutput, 'utf8').split('\n')) {
    const fields = line.trim().split(',');
    if (fields.length < 4 || !/^\d+(\.\d+)?$/.test(fields[0])) continue;
    const endMs = Number(fields[0]) * 1000;
    if (endMs - 100 < fromMs || endMs > toMs) continue;
    const count = Number(fields[1]);
    if (!Number.isFinite(count)) continue;
    intervals.add(fields[0]);
    const event = fields[3].replace(/^syscalls:sys_enter_/, '');
    sums.set(event, (sums.get(event) ?? 0) + count);
  }
  if (intervals.size === 0) return null;
  const seconds = intervals.size * 0.1;
  const perMessage: Record<string, number> = {};
  const rate = (n: number): number => Number((n / seconds / msgsPerSec).toPrecision(3));
  perMessage.total = rate(sums.get('raw_syscalls:sys_enter') ?? 0);
  for (const [family, names] of Object.entries(FAMILIES)) perMessage[family] = rate(names.reduce((s, n) => s + (sums.get(n) ?? 0), 0));
  return { perMessage, msgsPerSec };
}
