import { connect, isIP, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The server could not be reached before the wait timeout; the message says what to check, `code` why (ECONNREFUSED ...). */
export class CannotConnectError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const RETRYABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 1000;
/**
 * One attempt gives up after at most this long, so the error that ends the wait describes
 * the server as it is at the end, not as it was when a long attempt began (a name that
 * still resolved then, to an address that no longer answers).
 */
const ATTEMPT_TIMEOUT_MS = 2000;

export interface ServerAddress {
  host: string;
  port: number;
}

/** Connects, retrying with backoff until `waitTimeoutMs` has passed, so a client may start before its server. */
export async function connectWithRetry(address: ServerAddress, waitTimeoutMs: number): Promise<Socket> {
  const deadline = performance.now() + waitTimeoutMs;
  let backoff = FIRST_BACKOFF_MS;
  for (;;) {
    try {
      return await connectOnce(address, Math.min(ATTEMPT_TIMEOUT_MS, Math.max(1000, deadline - performance.now())));
    } catch (error) {
      const code = errorCode(error);
      const remaining = deadline - performance.now();
      if (!RETRYABLE.has(code) || remaining <= 0) throw new CannotConnectError(explain(address, code, error as Error, waitTimeoutMs), code);
      await sleep(Math.min(backoff, remaining));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}

/**
 * One connection attempt, closed at once: undefined when the server accepts, otherwise the
 * error code. Tells a server that closed one connection from a server that is gone.
 */
export async function probe(address: ServerAddress): Promise<string | undefined> {
  try {
    (await connectOnce(address, ATTEMPT_TIMEOUT_MS)).destroy();
    return undefined;
  } catch (error) {
    return errorCode(error);
  }
}

function connectOnce({ host, port }: ServerAddress, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    // A name server that never answers (a stopped container's name on an internal Docker
    // network) looks like a silent host unless the attempt knows it never got an address.
    let resolved = isIP(host) !== 0;
    socket.once('lookup', (error: Error | null) => (resolved = error === null));
    const timer = setTimeout(() => {
      socket.destroy();
      const code = resolved ? 'ETIMEDOUT' : 'EAI_AGAIN';
      reject(Object.assign(new Error(resolved ? 'connection attempt timed out' : 'name lookup timed out'), { code }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** Why a server this client has never reached cannot be reached, and what to check. */
function explain({ host, port }: ServerAddress, code: string, error: Error, waitTimeoutMs: number): string {
  const waited = `after trying for ${(waitTimeoutMs / 1000).toFixed(1)} s`;
  const fix = 'start it with "npm start" or "docker compose up", or point --host/--port (SERVER_HOST/SERVER_PORT) at it';
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${host}:${port} ${waited}: connection refused, nothing is listening there; ${fix}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to ${host}:${port} ${waited}: host name ${host} does not resolve; check --host (inside compose the server is called "server", a name that exists only while its container runs: docker compose ps)`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot connect to ${host}:${port} ${waited}: no route or no answer (${code}); check the address and any firewall`;
    default:
      return `cannot connect to ${host}:${port}: ${error.message}; ${fix}`;
  }
}

/**
 * Why a server this client was talking to a moment ago cannot be reached now (a connection
 * attempt failed with `code`). A name that resolved earlier in the run and no longer does is
 * not a typo: in compose, Docker removes a container's name when the container stops.
 */
export function explainLostServer({ host, port }: ServerAddress, code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `${host}:${port} now refuses connections (the server stopped or crashed)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name ${host} no longer resolves (in compose: the server's container has stopped, docker compose ps shows it)`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host}:${port} no longer answers (${code}; the server or its machine went away)`;
    default:
      return `${host}:${port} cannot be reached any more (${code})`;
  }
}
