/**
 * With ACCELERATION=on the server reads every connection into one shared buffer (net.Socket's `onread`). These
 * tests pin down what that relies on in Node's internals, so a Node upgrade that changes
 * them fails here instead of silently slowing the server down, and that the fallback works.
 */
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SharedReadBuffer } from '../../accelerators/shared-read-buffer';
import { LOOPBACK } from './harness';

const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

interface Reading {
  socket: Socket;
  accepted: Socket;
  chunks: Buffer[];
  /** Copies of the chunks, taken when they arrived (the chunks themselves are reused). */
  received: Buffer[];
  /** What the chunk source said of each chunk: reused (overwritten by the next read) or the connection's to keep. */
  reused: boolean[];
  ended: Promise<unknown>;
}

/** A server that accepts one connection paused, as charcount-server does, and reads it through `shared`. */
async function acceptOne(shared: SharedReadBuffer, prepare: (accepted: Socket) => void = () => undefined): Promise<{ client: Socket; reading: Promise<Reading> }> {
  let deliver: (reading: Reading) => void = () => undefined;
  const reading = new Promise<Reading>((resolve) => (deliver = resolve));
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (accepted) => {
    prepare(accepted);
    const chunks: Buffer[] = [];
    const received: Buffer[] = [];
    const reused: boolean[] = [];
    const socket = shared.read(accepted, (chunk, isReused) => {
      chunks.push(chunk);
      received.push(Buffer.from(chunk));
      reused.push(isReused);
    });
    sockets.push(socket);
    deliver({ socket, accepted, chunks, received, reused, ended: once(socket, 'end') });
  });
  servers.push(server);
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const client = connect((server.address() as AddressInfo).port, LOOPBACK);
  sockets.push(client);
  await once(client, 'connect');
  return { client, reading };
}

describe('the shared read buffer', () => {
  it('on this Node, an accepted connection is read straight into the shared buffer, and still writes and sees the end', async () => {
    const shared = new SharedReadBuffer(new Uint8Array(4096));
    const { client, reading } = await acceptOne(shared);
    const { socket, accepted, chunks, received, reused, ended } = await reading;
    expect(socket, 'the accepted socket handed its handle to a socket created with onread').not.toBe(accepted);
    client.write('Halo dunia\n');
    await waitFor(() => received.length > 0);
    expect(Buffer.concat(received).toString()).toBe('Halo dunia\n');
    expect(chunks.every((chunk) => chunk.buffer === shared.buffer.buffer), 'every chunk is a view of the shared buffer').toBe(true);
    expect(reused.every(Boolean), 'so every chunk is marked reused: the connection copies what it keeps').toBe(true);
    const reply = once(client, 'data');
    socket.write('Jumlah karakter dalam kalimat tersebut adalah 10\n');
    expect(String((await reply)[0])).toBe('Jumlah karakter dalam kalimat tersebut adalah 10\n');
    client.end();
    await ended;
    expect(socket.remoteAddress).toBe(LOOPBACK);
  });

  it('a pause stops reading (bytes wait in the kernel) and a resume reads them', async () => {
    const shared = new SharedReadBuffer(new Uint8Array(4096));
    const { client, reading } = await acceptOne(shared);
    const { socket, received } = await reading;
    socket.pause();
    client.write('satu\n');
    await new Promise((done) => setTimeout(done, 100));
    expect(received, 'nothing read while paused').toHaveLength(0);
    socket.resume();
    await waitFor(() => received.length > 0);
    expect(Buffer.concat(received).toString()).toBe('satu\n');
  });

  it('where the socket internals are not what it expects, the accepted socket is read with data events', async () => {
    const shared = new SharedReadBuffer(new Uint8Array(4096));
    const { client, reading } = await acceptOne(shared, (accepted) => {
      (accepted as unknown as { _handle: { useUserBuffer?: unknown } })._handle.useUserBuffer = undefined;
    });
    const { socket, accepted, chunks, received, reused, ended } = await reading;
    expect(socket).toBe(accepted);
    client.end('Halo dunia\n');
    await ended;
    expect(Buffer.concat(received).toString()).toBe('Halo dunia\n');
    expect(chunks.some((chunk) => chunk.buffer === shared.buffer.buffer)).toBe(false);
    expect(reused.some(Boolean), 'data-event chunks are the connection\'s to keep').toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 5));
  }
}
