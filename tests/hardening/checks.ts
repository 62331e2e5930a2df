/**
 * Checks the hardening tests make on the real server process after an attack: still
 * running, nothing on stderr (an unhandled exception prints there), and every socket it
 * opened for a client closed again.
 */
import { expect } from 'vitest';
import { sleep, type ServerProcess } from '../loopback/harness';
import { HAVE_PROC, openFds } from './proc';

/**
 * The server's open file descriptors with no client connected (its listening socket, stdio,
 * libuv's own), once the count is steady: the harness's readiness probe may still be closing.
 */
export async function fdBaseline(server: ServerProcess): Promise<number> {
  if (!HAVE_PROC) return 0;
  let previous = openFds(server.pid);
  for (let i = 0; i < 20; i++) {
    await sleep(50);
    const now = openFds(server.pid);
    if (now === previous) return now;
    previous = now;
  }
  return previous;
}

/** Waits (bounded) for the server's descriptor count to come back to `baseline`, and asserts it did. */
export async function expectFdsBackTo(server: ServerProcess, baseline: number, what: string, timeoutMs = 5000): Promise<number> {
  if (!HAVE_PROC) return 0;
  const deadline = performance.now() + timeoutMs;
  let fds = openFds(server.pid);
  while (fds > baseline && performance.now() < deadline) {
    await sleep(50);
    fds = openFds(server.pid);
  }
  expect(fds, `server file descriptors after ${what} (baseline ${baseline})`).toBeLessThanOrEqual(baseline);
  return fds;
}

/** Still running, nothing written to stderr, no ERROR-level log line. */
export function expectStillHealthy(server: ServerProcess, what: string): void {
  expect(server.exit, `the server exited after ${what}`).toBeUndefined();
  expect(server.stderrText, `server stderr after ${what}`).toBe('');
  expect(server.linesMatching(/^\S+ ERROR /), `ERROR-level log lines after ${what}`).toEqual([]);
}

/** Sorted latencies summarised. */
export function percentiles(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;
