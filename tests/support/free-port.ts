import { createServer, type AddressInfo } from 'node:net';

/**
 * A port nothing listens on right now: the kernel picks a free one for a listener on
 * 127.0.0.1, which closes again at once. For a server that must be told its port before it
 * starts (one that logs no startup line to read the port from, or one whose command line a
 * page shows). The tests, the soak script, the notes generator and the bench all use this one.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
