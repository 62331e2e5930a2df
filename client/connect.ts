import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The server could not be reached before the wait timeout; the message says what to check. */
export class CannotConnectError extends Error {}

const RETRYABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 1000;

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
      return await connectOnce(address, Math.max(1000, deadline - performance.now()));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const remaining = deadline - performance.now();
      if (!RETRYABLE.has(code) || remaining <= 0) throw new CannotConnectError(explain(address, code, error as Error, waitTimeoutMs));
      await sleep(Math.min(backoff, remaining));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}

function connectOnce({ host, port }: ServerAddress, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('connection attempt timed out'), { code: 'ETIMEDOUT' }));
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

function explain({ host, port }: ServerAddress, code: string, error: Error, waitTimeoutMs: number): string {
  const waited = `after trying for ${(waitTimeoutMs / 1000).toFixed(1)} s`;
  const fix = 'start it with "npm start" or "docker compose up", or point --host/--port (SERVER_HOST/SERVER_PORT) at it';
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${host}:${port} ${waited}: connection refused, nothing is listening there; ${fix}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to ${host}:${port} ${waited}: host name ${host} does not resolve; check --host (inside compose the server is called "server")`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot connect to ${host}:${port} ${waited}: no route or no answer (${code}); check the address and any firewall`;
    default:
      return `cannot connect to ${host}:${port}: ${error.message}; ${fix}`;
  }
}
