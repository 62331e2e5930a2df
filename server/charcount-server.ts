import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { serverFullReply } from '../protocol';
import { ClientConnection, type ConnectionSummary } from './client-connection';
import type { ServerConfig } from './config';
import type { Logger } from './logger';
import { describePeer, plural } from './log-text';
import { describePortHolders, heldOnlyByTimeWait, timeWaitSentence } from './port-holders';
import { PLAIN_SEAMS, type Seams } from './seams';
import { systemClock } from './system-clock';

/** How long a refused client gets to read the "server full" line before its socket is destroyed. */
const REFUSED_LINGER_MS = 1000;

/** Listening failed for a reason the user can fix; the message says how. */
export class ListenError extends Error {}

interface ShutdownReport {
  drained: number;
  forced: number;
  durationMs: number;
}

export class CharCountServer {
  private readonly server: Server;
  private readonly connections = new Set<ClientConnection>();
  private whenAllClosed: (() => void) | undefined;

  constructor(
    private readonly config: ServerConfig,
    private readonly logger: Logger,
    private readonly seams: Seams = PLAIN_SEAMS,
    private readonly listenMode: ListenMode = { announce: true, reusePort: false },
  ) {
    // Paused until the connection's chunk source starts reading: no byte arrives before it is ready.
    this.server = createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true }, (socket) => this.onConnection(socket));
  }

  async listen(): Promise<AddressInfo> {
    const { port, host } = this.config;
    const { reusePort } = this.listenMode;
    this.server.listen({ port, host, ipv6Only: false, ...(reusePort ? { reusePort, exclusive: true } : {}) });
    try {
      await once(this.server, 'listening');
    } catch (error) {
      throw new ListenError(await explainListenError(error as NodeJS.ErrnoException, port, host));
    }
    const address = this.server.address() as AddressInfo;
    if (this.listenMode.announce) logStartup(this.logger, address, this.config);
    return address;
  }

  /** Stops accepting, answers what clients already sent, closes every connection; force-closes at the grace deadline. */
  async shutdown(reason: string): Promise<ShutdownReport> {
    const started = performance.now();
    const open = this.connections.size;
    this.server.close();
    this.logger.info('shutdown', `${reason}: no longer accepting connections; finishing ${open} open (grace ${this.config.shutdownGraceMs} ms)`, {
      reason,
      open,
      graceMs: this.config.shutdownGraceMs,
    });
    for (const connection of this.connections) connection.drain();
    const allClosed = new Promise<void>((resolve) => {
      this.whenAllClosed = resolve;
      if (this.connections.size === 0) resolve();
    });
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([allClosed, new Promise<void>((resolve) => (deadline = setTimeout(resolve, this.config.shutdownGraceMs)))]);
    clearTimeout(deadline);
    const forced = this.connections.size;
    for (const connection of this.connections) connection.destroy();
    const report = { drained: open - forced, forced, durationMs: Math.round(performance.now() - started) };
    this.logger.info(
      'stopped',
      `shutdown complete in ${report.durationMs} ms: ${plural(report.drained, 'connection')} drained, ${forced} closed at the grace deadline`,
      { ...report },
    );
    return report;
  }

  /** A client connected: the classic program's accept(), for every client, for as long as the server runs. */
  private onConnection(socket: Socket): void {
    if (this.connections.size >= this.config.maxConnections) {
      this.refuse(socket);
      return;
    }
    const connection = new ClientConnection(socket, this.seams, this.config, this.logger, systemClock, (closed, summary) => this.closed(closed, summary));
    this.connections.add(connection);
    if (!this.logger.enabled('info')) return;
    this.logger.info('open', `connection from ${connection.peer} (${this.connections.size} open)`, {
      client: connection.peer,
      open: this.connections.size,
    });
  }

  private refuse(socket: Socket): void {
    const peer = describePeer(socket.remoteAddress, socket.remotePort);
    this.logger.warn('refused', `refusing ${peer}: ${this.config.maxConnections} connections already open (MAX_CONNECTIONS)`, {
      client: peer,
      maxConnections: this.config.maxConnections,
    });
    socket.on('error', () => socket.destroy());
    socket.resume();
    socket.end(serverFullReply(this.config.maxConnections) + '\n');
    setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  }

  private closed(connection: ClientConnection, summary: ConnectionSummary): void {
    this.connections.delete(connection);
    if (this.connections.size === 0) this.whenAllClosed?.();
    if (!this.logger.enabled('info')) return;
    this.logger.info(
      'close',
      `connection closed ${summary.peer} (${summary.reason}): ${plural(summary.messages, 'message')}, ${summary.bytesIn} bytes in, ` +
        `${summary.bytesOut} bytes out, ${(summary.durationMs / 1000).toFixed(3)} s (${this.connections.size} open)`,
      { client: summary.peer, ...summary, durationMs: Math.round(summary.durationMs), open: this.connections.size },
    );
  }
}

interface ListenMode {
  /** Log the startup line (a cluster's primary logs it once for all its workers instead). */
  announce: boolean;
  /** Bind with SO_REUSEPORT so several processes share the port and the kernel spreads connections. */
  reusePort: boolean;
}

export function logStartup(logger: Logger, address: AddressInfo, config: ServerConfig): void {
  logger.info('listening', `charcount-server listening on ${describeListenAddress(address, config.host)}; ${describeSettings(config)}`, {
    address: address.address,
    port: address.port,
    language: config.language,
    replyFormat: config.replyFormat,
    quietPeriodMs: config.quietPeriodMs,
    maxMessageBytes: config.maxMessageBytes,
    idleTimeoutMs: config.idleTimeoutMs,
    maxConnections: config.maxConnections,
    workers: config.workers,
    acceleration: config.acceleration,
  });
}

function describeSettings(c: ServerConfig): string {
  const quiet = c.quietPeriodMs === 0 ? 'strict line mode' : `quiet period ${c.quietPeriodMs} ms`;
  const idle = c.idleTimeoutMs === 0 ? 'no idle timeout' : `idle timeout ${c.idleTimeoutMs} ms`;
  const maxMessage = c.maxMessageBytes === 0 ? 'no message limit' : `max message ${c.maxMessageBytes} bytes`;
  const workers = c.workers === 1 ? '' : `, ${c.workers} worker processes`;
  return `replies ${c.language}/${c.replyFormat}, ${quiet}, ${maxMessage}, ${idle}, max ${c.maxConnections} connections, acceleration ${c.acceleration}${workers}`;
}

function describeListenAddress(address: AddressInfo, requestedHost: string | undefined): string {
  if (requestedHost !== undefined) return describePeer(address.address, address.port);
  const stack = address.family === 'IPv6' ? 'all interfaces, IPv4 and IPv6' : 'all IPv4 interfaces';
  return `port ${address.port} (${stack})`;
}

async function explainListenError(error: NodeJS.ErrnoException, port: number, host: string | undefined): Promise<string> {
  const where = host === undefined ? `port ${port}` : `${host} port ${port}`;
  switch (error.code) {
    case 'EADDRINUSE': {
      // Nothing to stop when only TIME_WAIT holds the port (ss -ltnp shows nothing): say so and when it ends.
      const holders = await describePortHolders(port);
      if (heldOnlyByTimeWait(holders)) return timeWaitSentence(where, port, holders);
      return `${where} is already in use by another program; stop it (find it with: ss -ltnp 'sport = :${port}') or choose another port with PORT or --port`;
    }
    case 'EACCES':
      return `no permission to listen on ${where}; ports below 1024 need extra privileges, choose a port from 1024 to 65535 with PORT or --port`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: this machine has no address ${host}; leave LISTEN_HOST unset to listen on all interfaces`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: host name ${host} does not resolve; use an IP address in LISTEN_HOST or --host`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}
