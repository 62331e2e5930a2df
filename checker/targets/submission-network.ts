/**
 * The probes' network for a submission: the probe container's agent, once it runs, inside the
 * server's network namespace. A server found listening on the loopback or a wildcard address
 * is reached at 127.0.0.1, then ::1 for one bound to ::1 only; one bound to another address
 * of the loopback (127.0.1.1, Debian's address for the host name) is reached there.
 */
import { ConnectError, type ProbeNetwork } from '../probe/connection';
import type { ProbeContainer } from './probe-container';

export const IPV4_LOOPBACK = '127.0.0.1';

export function submissionNetwork(probe: () => Promise<ProbeContainer> | null): ProbeNetwork {
  const agent = async (): Promise<ProbeContainer['network']> => {
    const started = probe();
    if (!started) throw new Error('the submission target has not been started (call ensureRunning first)');
    return (await started).network;
  };
  return {
    connect: async (host, port, timeoutMs) => {
      const network = await agent();
      try {
        return await network.connect(host, port, timeoutMs);
      } catch (error) {
        if (host !== IPV4_LOOPBACK || !(error instanceof ConnectError) || error.reason !== 'refused') throw error;
        return network.connect('::1', port, timeoutMs).catch(() => Promise.reject(error));
      }
    },
    isListening: async (port) => (await agent()).isListening(port),
    // Several clients' messages written in one tick inside the namespace (concurrent-clients' second part).
    writeTogether: async (writes) => {
      await (await agent()).writeTogether(writes);
    },
    close: async () => {
      await (await probe()?.catch(() => null))?.network.close();
    },
  };
}
