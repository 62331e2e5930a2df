/**
 * Linux's table of TCP sockets as /proc/net/tcp and /proc/net/tcp6 print it: a header line,
 * then one socket a line, `sl local_address rem_address st tx_queue:rx_queue tr:tm->when ...`.
 * Addresses are hex (8 digits for IPv4, 32 for IPv6, IPv4-mapped ones included) followed by a
 * colon and the port as 4 hex digits; st is the state in hex. Pure code, no I/O.
 */

/** The states this module counts (include/net/tcp_states.h). */
export const TCP_STATE_LISTEN = 0x0a;
export const TCP_STATE_TIME_WAIT = 0x06;
/** FIN_WAIT1, FIN_WAIT2, LAST_ACK, CLOSING: a closed socket's connection still finishing its goodbye. */
const TCP_STATES_CLOSING: ReadonlySet<number> = new Set([0x04, 0x05, 0x09, 0x0b]);

/** The kernel prints timers in clock ticks of USER_HZ, which is 100 per second on every Linux. */
const TICKS_PER_SECOND = 100;

interface TcpSocketEntry {
  localPort: number;
  remotePort: number;
  state: number;
  /** Time left on the socket's timer (for TIME_WAIT: until the kernel drops it); 0 when none runs. */
  timerMs: number;
}

/** What holds a local TCP port, counted over one or more /proc/net/tcp* tables. */
export interface PortHolders {
  /** Sockets listening on the port: a running server. */
  listening: number;
  /** Connections on the port in TIME_WAIT: left by a side that closed first, gone by themselves. */
  timeWait: number;
  /** When the last of those TIME_WAIT connections expires, from now; 0 when there are none. */
  timeWaitExpiresInMs: number;
  /** Connections on the port still closing (FIN_WAIT1/2, LAST_ACK, CLOSING): they too block a bind, briefly. */
  closing: number;
}

const ENDPOINT = /^(?:[0-9A-F]{8}|[0-9A-F]{32}):([0-9A-F]{4})$/i;
const STATE = /^[0-9A-F]{2}$/i;
const TIMER = /^[0-9A-F]{2}:([0-9A-F]{8})$/i;

/** Every socket line of a table; the header and anything else that is not a socket line is skipped. */
export function parseProcNetTcp(table: string): TcpSocketEntry[] {
  const entries: TcpSocketEntry[] = [];
  for (const line of table.split('\n')) {
    const [, local, remote, state, , timer] = line.trim().split(/\s+/);
    const localPort = ENDPOINT.exec(local ?? '')?.[1];
    const remotePort = ENDPOINT.exec(remote ?? '')?.[1];
    if (localPort === undefined || remotePort === undefined || !STATE.test(state ?? '')) continue;
    const ticks = TIMER.exec(timer ?? '')?.[1];
    entries.push({
      localPort: parseInt(localPort, 16),
      remotePort: parseInt(remotePort, 16),
      state: parseInt(state, 16),
      timerMs: ticks === undefined ? 0 : (parseInt(ticks, 16) * 1000) / TICKS_PER_SECOND,
    });
  }
  return entries;
}

/**
 * Counts the sockets whose LOCAL port is `port` in the given tables (tcp and tcp6 list each
 * socket once between them). A client's connection to the port has it as its remote port, and
 * does not hold the port on this side.
 */
export function countPortHolders(tables: readonly string[], port: number): PortHolders {
  const holders: PortHolders = { listening: 0, timeWait: 0, timeWaitExpiresInMs: 0, closing: 0 };
  for (const entry of tables.flatMap(parseProcNetTcp)) {
    if (entry.localPort !== port) continue;
    if (entry.state === TCP_STATE_LISTEN) holders.listening++;
    if (TCP_STATES_CLOSING.has(entry.state)) holders.closing++;
    if (entry.state === TCP_STATE_TIME_WAIT) {
      holders.timeWait++;
      holders.timeWaitExpiresInMs = Math.max(holders.timeWaitExpiresInMs, entry.timerMs);
    }
  }
  return holders;
}
