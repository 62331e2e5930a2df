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
  /** The local address as the table prints it, hex (8 digits for IPv4, 32 for IPv6). */
  localAddressHex: string;
  localPort: number;
  remotePort: number;
  state: number;
  /** Time left on the socket's timer (for TIME_WAIT: until the kernel drops it); 0 when none runs. */
  timerMs: number;
  /** The socket's inode: a process holding it has a descriptor linking to socket:[inode]; 0 for one no process holds. */
  inode: number;
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

const ENDPOINT = /^([0-9A-F]{8}|[0-9A-F]{32}):([0-9A-F]{4})$/i;
const STATE = /^[0-9A-F]{2}$/i;
const TIMER = /^[0-9A-F]{2}:([0-9A-F]{8})$/i;

/** Every socket line of a table; the header and anything else that is not a socket line is skipped. */
export function parseProcNetTcp(table: string): TcpSocketEntry[] {
  const entries: TcpSocketEntry[] = [];
  for (const line of table.split('\n')) {
    const [, local, remote, state, , timer, , , , inode] = line.trim().split(/\s+/);
    const localEndpoint = ENDPOINT.exec(local ?? '');
    const remotePort = ENDPOINT.exec(remote ?? '')?.[2];
    if (localEndpoint === null || remotePort === undefined || !STATE.test(state ?? '')) continue;
    const [, localAddressHex, localPort] = localEndpoint as unknown as [string, string, string];
    const ticks = TIMER.exec(timer ?? '')?.[1];
    entries.push({
      localAddressHex,
      localPort: parseInt(localPort, 16),
      remotePort: parseInt(remotePort, 16),
      state: parseInt(state, 16),
      timerMs: ticks === undefined ? 0 : (parseInt(ticks, 16) * 1000) / TICKS_PER_SECOND,
      inode: /^\d+$/.test(inode ?? '') ? Number(inode) : 0,
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

/**
 * The addresses sockets listen on at `port`, as a client would write them ("127.0.0.1",
 * "127.0.1.1", "0.0.0.0", "::1", "::"); an IPv4-mapped IPv6 address is given as IPv4.
 */
export function listeningAddresses(tables: readonly string[], port: number): string[] {
  const found = new Set<string>();
  for (const entry of tables.flatMap(parseProcNetTcp)) {
    if (entry.localPort === port && entry.state === TCP_STATE_LISTEN) found.add(addressText(entry.localAddressHex));
  }
  return [...found];
}

/** The inodes of the sockets listening at `port`: which process listens is found by its descriptors (host-os/listener-owner.ts). */
export function listeningInodes(tables: readonly string[], port: number): number[] {
  return tables
    .flatMap(parseProcNetTcp)
    .filter((entry) => entry.localPort === port && entry.state === TCP_STATE_LISTEN && entry.inode !== 0)
    .map((entry) => entry.inode);
}

/** The kernel prints each 32-bit word of an address in the host's byte order: little-endian on every machine this runs on. */
function addressText(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => [6, 4, 2, 0].map((at) => parseInt(word.slice(at, at + 2), 16)));
  if (bytes.length === 4) return bytes.join('.');
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return bytes.slice(12).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952: the longest run of two or more zero groups becomes "::". */
function compressIpv6(groups: string[]): string {
  let best = { at: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j;
  }
  if (best.at === -1) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
}
