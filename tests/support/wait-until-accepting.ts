/**
 * Waits for a server that was just started to accept connections, for the servers whose
 * startup line cannot be read (a quiet --log-level): the loopback harness's and the soak's.
 */
import { connectWithin } from './connect-within';
import { sleep } from './sleep';

export type Readiness = 'accepting' | 'exited' | 'timed out';

/** Tries a connection every 50 ms until one succeeds, `exited()` turns true, or `timeoutMs` passes. */
export async function waitUntilAccepting(host: string, port: number, timeoutMs: number, exited: () => boolean): Promise<Readiness> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (exited()) return 'exited';
    if (await accepts(host, port)) return 'accepting';
    if (performance.now() > deadline) return 'timed out';
    await sleep(50);
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return connectWithin(host, port, 1000).then(
    (probe) => {
      probe.destroy();
      return true;
    },
    () => false,
  );
}
