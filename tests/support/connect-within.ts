/**
 * Opens a TCP connection for a test, failing after `timeoutMs`. Plain node:net on purpose:
 * test clients do not use the project's client, so they cannot share its mistakes.
 */
import { connect, type Socket, type TcpNetConnectOpts } from 'node:net';

export function connectWithin(host: string, port: number, timeoutMs: number, options: Partial<TcpNetConnectOpts> = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ ...options, host, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connecting to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
