/** The load worker's sockets to the server under test, and the first reply line each one gets. */
import { connect, type Socket } from 'node:net';
import { LineSplitter } from '../../protocol/line-splitter';
import type { Meter } from './meter';

const HOST = '127.0.0.1';

export function connectToServer(port: number): Socket {
  return connect({ host: HOST, port, noDelay: true });
}

/** Opens `count` sockets, at most `concurrency` connecting at once; a failed connect counts as the meter's error. */
export async function openSockets(
  port: number,
  count: number,
  concurrency: number,
  meter: Meter,
  onOpen?: (socket: Socket, index: number) => Promise<void>,
): Promise<Socket[]> {
  const sockets: Socket[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const socket = await new Promise<Socket | null>((resolve) => {
        const s = connectToServer(port);
        const failed = (error: Error): void => {
          meter.error(error);
          s.destroy();
          resolve(null);
        };
        s.once('connect', () => {
          s.off('error', failed);
          resolve(s);
        });
        s.once('error', failed);
      });
      if (socket === null) continue;
      socket.on('error', (error) => meter.error(error));
      sockets.push(socket);
      if (onOpen) await onOpen(socket, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return sockets;
}

/** Calls `onLine` once, with the first reply line the socket receives. */
export function onFirstLine(socket: Socket, onLine: (line: Buffer) => void): void {
  const splitter = new LineSplitter();
  let done = false;
  const onData = (data: Buffer): void =>
    splitter.push(data, (line) => {
      if (done) return;
      done = true;
      socket.off('data', onData);
      onLine(line);
    });
  socket.on('data', onData);
}
