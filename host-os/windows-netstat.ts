/**
 * Windows lists its TCP sockets with `netstat -ano`: one row per socket, "TCP", the local
 * address, the foreign address, the state, the owning PID. The state word and the headings
 * are translated (LISTENING is ABHÖREN on a German Windows), so a listening socket is told by
 * its address columns alone: nothing on the far side, 0.0.0.0:0 or [::]:0.
 */

/** A listening socket's foreign address, in IPv4 and IPv6 rows. */
const NO_FOREIGN_ADDRESS = new Set(['0.0.0.0:0', '[::]:0']);

interface TcpRow {
  local: string;
  foreign: string;
}

function tcpRows(table: string): TcpRow[] {
  return table
    .split(/\r?\n/u)
    .map((line) => line.trim().split(/\s+/u))
    .filter((columns) => columns[0] === 'TCP' && columns.length >= 3)
    .map((columns) => ({ local: columns[1]!, foreign: columns[2]! }));
}

/** "127.0.0.1:12345" -> ["127.0.0.1", 12345]; "[::1]:12345" -> ["::1", 12345]. */
function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon).replace(/^\[(.*)\]$/u, '$1'), Number(address.slice(colon + 1))];
}

/**
 * The local addresses listening on `port` in a `netstat -ano` table, or null when the table
 * lists no listening socket at all: Windows always has some (RPC's port 135), so such a table
 * is not one this can read (Wine's netstat lists connections only).
 */
export function netstatListening(table: string, port: number): string[] | null {
  const listening = tcpRows(table).filter((row) => NO_FOREIGN_ADDRESS.has(row.foreign));
  if (listening.length === 0) return null;
  const addresses = listening.map((row) => splitAddress(row.local)).filter(([, rowPort]) => rowPort === port);
  return [...new Set(addresses.map(([address]) => address))];
}
