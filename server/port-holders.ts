/**
 * Why a port cannot be bound although nothing listens on it: connections in TIME_WAIT.
 *
 * The side that closes a TCP connection first keeps it in TIME_WAIT for 60 s on Linux. Linux
 * lets a new socket bind a port such a connection still uses only when both the new socket
 * and the one that made the connection set SO_REUSEADDR. Node sets it on every listening
 * socket, so charcount-server binds over its own TIME_WAIT; the classic Python server sets
 * nothing, so after it has answered a client (it closes first) neither it nor charcount-server
 * can bind its port until those connections expire. The charcount-server and the checker both
 * use this module to say so instead of "already in use by another program".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { plural } from './log-text';
import { countPortHolders, type PortHolders } from './proc-net-tcp';

export type { PortHolders } from './proc-net-tcp';

/**
 * Counts what holds the local TCP port, from `${procNet}/tcp` and `${procNet}/tcp6`. The
 * default is this process's network namespace; `/proc/<pid>/net` reads another process's
 * (a container's, say). Null where this cannot be told: no such tables (macOS, Windows) or
 * no permission to read them. A missing tcp6 alone (IPv6 disabled) still gives an answer.
 */
export async function describePortHolders(port: number, procNet = '/proc/net'): Promise<PortHolders | null> {
  const tables = await Promise.all(['tcp', 'tcp6'].map((name) => readFile(join(procNet, name), 'latin1').catch(() => undefined)));
  const found = tables.filter((table) => table !== undefined);
  return found.length === 0 ? null : countPortHolders(found, port);
}

/**
 * True when TIME_WAIT connections are all that holds the port: a bind that failed with
 * EADDRINUSE will succeed once they expire (`timeWaitExpiresInMs`), without stopping anything.
 */
export function heldOnlyByTimeWait(holders: PortHolders | null): holders is PortHolders {
  return holders !== null && holders.listening === 0 && holders.timeWait > 0;
}

/**
 * The one sentence that explains a port held by TIME_WAIT, starting with `where` ("port 12345",
 * "127.0.0.1 port 12345"), e.g. "port 12345 is held by 3 connections in TIME_WAIT, left by a
 * server that closed first without SO_REUSEADDR; they expire within 60 s (ss -tan ...)".
 */
export function timeWaitSentence(where: string, port: number, holders: PortHolders): string {
  const seconds = Math.max(1, Math.ceil(holders.timeWaitExpiresInMs / 1000));
  const expire = holders.timeWait === 1 ? 'it expires' : 'they expire';
  return (
    `${where} is held by ${plural(holders.timeWait, 'connection')} in TIME_WAIT, left by a server that closed first ` +
    `without SO_REUSEADDR; ${expire} within ${seconds} s (ss -tan state time-wait '( sport = :${port} )')`
  );
}
