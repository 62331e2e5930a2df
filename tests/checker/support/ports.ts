/**
 * Ports for the checker's tests. Below Linux's ephemeral range (32768-60999), so no client
 * connection of these tests or anyone else's can take a port between the moment it is picked
 * and the moment the server binds it (a Python server that finds it taken would exit 1 before
 * listening, and the checker would say so). Never 12345: other engineers run servers there.
 */
import { createServer } from 'node:net';
import { describePortHolders } from '../../../server/port-holders';

const LOWEST = 20_000;
const HIGHEST = 32_000;
const RESERVED = 12_345;
const ATTEMPTS = 50;

/** Ports handed out by this process: two checks started at once never share one. */
const handedOut = new Set<number>();

/** A port with nothing on it: it binds on 127.0.0.1, and no socket, listening or in TIME_WAIT, holds it. */
export async function quietPort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
    if (port === RESERVED || handedOut.has(port)) continue;
    const holders = await describePortHolders(port);
    if (holders !== null && (holders.listening > 0 || holders.timeWait > 0)) continue;
    if (!(await binds(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no quiet port between ${LOWEST} and ${HIGHEST} after ${ATTEMPTS} attempts`);
}

function binds(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
