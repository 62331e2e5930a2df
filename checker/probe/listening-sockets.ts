/**
 * Whether a TCP socket listens on a port, found without connecting to it: a server that
 * serves one client and exits would spend its only client on a readiness probe. Linux (and
 * so WSL2 and every container) lists sockets in /proc/net/tcp and tcp6; elsewhere there is
 * no such list, and the answer is null.
 */
import { readFile } from 'node:fs/promises';

const TCP_LISTEN = '0A';

export async function listeningOnPort(port: number): Promise<boolean | null> {
  const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((path) => readFile(path, 'utf8').catch(() => null)));
  if (tables.every((table) => table === null)) return null;
  return tables.some((table) => table !== null && tableHasListener(table, port));
}

/** Rows look like `0: 0100007F:3039 00000000:0000 0A ...`: local address:port in hex, remote, state. */
export function tableHasListener(table: string, port: number): boolean {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  return table.split('\n').some((row) => {
    const fields = row.trim().split(/\s+/);
    return fields.length > 3 && fields[1].endsWith(`:${portHex}`) && fields[3] === TCP_LISTEN;
  });
}
