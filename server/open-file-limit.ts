/**
 * Every client connection is an open file (a socket), so MAX_CONNECTIONS can only be kept if
 * the process may open that many files and the ones it needs for itself. As Redis does with
 * maxclients, the server reads its open-file limit at start and, when the limit is too low,
 * serves fewer connections and says so in one log line, instead of failing accept() with
 * EMFILE once the limit is reached.
 *
 * Node raises its own soft limit to the hard limit as it starts, so the limit read here is
 * usually the hard one: what `ulimit -n` (which sets both) or Docker's `--ulimit` gave it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ServerConfig } from './config';
import type { Logger } from './logger';

/**
 * Descriptors the server holds besides client sockets. Measured with `ls /proc/PID/fd` on a
 * started server (Node 24, Linux): 24, of which 3 are stdio, 1 the listening socket and 20
 * Node's own (libuv's event loops: epoll, io_uring, eventfd and wake-up pipes; the /dev/null
 * that libuv keeps to turn away connections when out of descriptors); bare `node` holds 22.
 * A cluster worker adds its IPC channel. The margin of 8 covers what comes and goes: .env
 * read at start, refused connections lingering for their ERROR line, a worker's channels.
 * 32 is also Redis's reserve (CONFIG_MIN_RESERVED_FDS).
 */
const RESERVED_FILE_DESCRIPTORS = 32;
const SHELL_TIMEOUT_MS = 2_000;

interface FittedConnections {
  maxConnections: number;
  /** The one log line, when the limit forced fewer connections than requested. */
  warning?: string;
}

/**
 * The connections to serve under an open-file limit (undefined: unknown, Infinity: none):
 * `requested` when the limit leaves room for them and the reserve, else what it leaves (at
 * least 1), with a line saying what was found, requested and used, and how to raise it.
 */
export function fitConnectionsToOpenFileLimit(requested: number, limit: number | undefined): FittedConnections {
  const needed = requested + RESERVED_FILE_DESCRIPTORS;
  if (limit === undefined || limit >= needed) return { maxConnections: requested };
  const maxConnections = Math.max(1, limit - RESERVED_FILE_DESCRIPTORS);
  const warning =
    `open-file limit (ulimit -n) is ${limit}, too low for MAX_CONNECTIONS=${requested}: serving at most ${maxConnections} connections, ` +
    `keeping ${RESERVED_FILE_DESCRIPTORS} open files for the server itself; to serve ${requested}, raise the limit to ${needed} ` +
    `(ulimit -n ${needed} before starting, docker run --ulimit nofile=${needed}, or compose ulimits: { nofile: ${needed} })`;
  return { maxConnections, warning };
}

/**
 * This process's soft open-file limit (RLIMIT_NOFILE): Infinity when unlimited, undefined when
 * it cannot be known (Windows has no such limit). `platform` picks the way to read it.
 */
export function readOpenFileLimit(platform: NodeJS.Platform = process.platform): number | undefined {
  if (platform === 'win32') return undefined;
  return (platform === 'linux' ? fromProcLimits() : undefined) ?? fromShell();
}

/** Linux: the soft column of the "Max open files" row of /proc/self/limits. */
function fromProcLimits(): number | undefined {
  try {
    const row = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return row === null ? undefined : parseLimit(row[1]!);
  } catch {
    return undefined; // no /proc mounted: ask the shell instead
  }
}

/** Elsewhere (macOS, the BSDs): `ulimit -n` in a child shell, which inherits the limit. */
function fromShell(): number | undefined {
  try {
    const output = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: SHELL_TIMEOUT_MS });
    return parseLimit(output.trim());
  } catch {
    return undefined;
  }
}

function parseLimit(text: string): number | undefined {
  if (text === 'unlimited') return Number.POSITIVE_INFINITY;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The settings with MAX_CONNECTIONS lowered to what this process's open-file limit allows, logging why when it had to be. */
export function withinOpenFileLimit(config: ServerConfig, logger: Logger): ServerConfig {
  const limit = readOpenFileLimit();
  const fitted = fitConnectionsToOpenFileLimit(config.maxConnections, limit);
  if (fitted.warning === undefined) return config;
  logger.warn('open-file-limit', fitted.warning, { limit, requested: config.maxConnections, maxConnections: fitted.maxConnections });
  return { ...config, maxConnections: fitted.maxConnections };
}
