/**
 * `charcount-check --host H --port P`: a server someone else started. The checker cannot
 * restart or signal it; when it stops answering, the stages after that are not run.
 */
import { createLocalNetwork } from '../probe/local-network';
import type { Target } from './target';

export function createHostTarget(host: string, port: number): Target {
  const network = createLocalNetwork();
  return {
    description: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    network,
    restartable: false,
    signalable: false,
    ensureRunning: async () => ({ ok: true }),
    exitStatus: () => null,
    waitForExit: async () => null,
    lastOutput: () => [],
    // Someone else's server: its output is not the checker's to see.
    watchOutput: () => () => {},
    terminate: async () => {},
    dispose: () => network.close(),
  };
}
