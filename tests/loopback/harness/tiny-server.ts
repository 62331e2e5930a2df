import { createServer, type AddressInfo, type Socket } from 'node:net';
import { liveSockets, onCleanup } from './cleanup';
import { LOOPBACK } from '../../support/paths';

/** A plain node:net server in the test process (to play a server the client meets); closed after the test. */
export async function tinyServer(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer({ allowHalfOpen: false }, (socket) => {
    liveSockets.add(socket);
    socket.on('close', () => liveSockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((done) => server.listen(0, LOOPBACK, done));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  return (server.address() as AddressInfo).port;
}
