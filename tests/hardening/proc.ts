/**
 * What a process holds, read from Linux's /proc: open file descriptors (sockets among
 * them) and resident memory. Used on the server's pid by the hardening tests and the soak.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const HAVE_PROC = process.platform === 'linux' && existsSync('/proc/self/fd');

/** Open file descriptors of a process (every entry of /proc/PID/fd). */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Open sockets of a process (fds that link to "socket:[inode]"). */
export function openSockets(pid: number): number {
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // closed between readdir and readlink
    }
  }
  return sockets;
}

function statusField(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Resident set size in KiB (VmRSS). */
export const rssKiB = (pid: number): number => statusField(pid, 'VmRSS');
/** Peak resident set size in KiB (VmHWM). */
export const peakRssKiB = (pid: number): number => statusField(pid, 'VmHWM');

/** The soft limit on open files of a process (Max open files in /proc/PID/limits). */
export function maxOpenFiles(pid: number | 'self'): number {
  const match = /^Max open files\s+(\d+|unlimited)\s+/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  if (!match) throw new Error(`no open-files limit in /proc/${pid}/limits`);
  return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

export const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;
