import { Socket } from 'node:net';
import { dataEvents, type ChunkSource } from '../server/seams';
import { SIMD_REGION, SIMD_REGION_BYTES } from './simd-region';

/** The parts of Node's socket internals this module relies on (stable since Node 12; checked before use). */
interface AdoptableSocket {
  _handle: { readStart?: unknown; useUserBuffer?: unknown } | null;
}

/**
 * Every connection reads into one shared buffer, with `net.Socket`'s `onread` option: a read
 * then allocates nothing, so a 1 GiB message leaves no garbage behind and the kernel never
 * has to hand the process fresh pages. Sharing is safe because the event loop runs one read
 * callback at a time and a connection copies anything it keeps for later.
 *
 * Node offers `onread` only when a socket is created (not for the sockets a server accepts,
 * nodejs/node#53792), so the accepted socket, still paused (`pauseOnConnect`), hands its
 * handle to a new socket created with `onread`. Where the internals differ from what this
 * expects, the accepted socket is used as it is, with 'data' events.
 */
export class SharedReadBuffer implements ChunkSource {
  readonly buffer: Uint8Array;

  /**
   * By default the buffer is the SIMD region, where counting is fastest. Its 256 KiB
   * are large enough that a long message takes few reads (syscalls), small enough to stay in
   * the CPU's caches while the bytes are validated and counted right after the read.
   */
  constructor(buffer: Uint8Array = SIMD_REGION?.bytes ?? Buffer.allocUnsafe(SIMD_REGION_BYTES)) {
    this.buffer = buffer;
  }

  /**
   * Starts reading `accepted` (a socket a server accepted with `pauseOnConnect`, and
   * `allowHalfOpen`) and calls `onData` with every chunk; returns the socket to use from then
   * on. A chunk in the shared buffer is only valid until `onData` returns, so it is marked reused.
   */
  read(accepted: Socket, onData: (chunk: Buffer, reused: boolean) => void): Socket {
    const handle = (accepted as unknown as AdoptableSocket)._handle;
    if (handle === null || typeof handle.useUserBuffer !== 'function' || typeof handle.readStart !== 'function') {
      return dataEvents.read(accepted, onData);
    }
    const shared = this.buffer;
    const view = Buffer.from(shared.buffer, shared.byteOffset, shared.byteLength);
    (accepted as unknown as AdoptableSocket)._handle = null;
    // Destroying the emptied shell only settles the server's connection count; the handle lives on.
    accepted.destroy();
    return new Socket({
      handle,
      allowHalfOpen: true,
      readable: true,
      writable: true,
      onread: { buffer: shared, callback: (bytes: number) => void onData(view.subarray(0, bytes), true) },
    } as unknown as ConstructorParameters<typeof Socket>[0]);
  }
}
