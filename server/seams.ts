import type { Socket } from 'node:net';
import { plainUtf8Kernel, type Utf8Kernel } from '../protocol';

/**
 * How a connection gets its bytes. `onData` gets every chunk and whether the chunk is reused:
 * a reused chunk is overwritten by the next read, so the connection copies what it keeps.
 */
export interface ChunkSource {
  /** Starts reading a socket accepted with `pauseOnConnect`; returns the socket to use from then on. */
  read(accepted: Socket, onData: (chunk: Buffer, reused: boolean) => void): Socket;
}

/** Node's own 'data' events: every chunk is a new Buffer, the connection's to keep. */
export const dataEvents: ChunkSource = {
  read(accepted, onData) {
    accepted.on('data', (chunk: Buffer) => onData(chunk, false));
    accepted.resume();
    return accepted;
  },
};

/**
 * The two places a speed trick can plug into the server: where bytes come from, and how UTF-8
 * is validated and counted. The plain server fills them with public Node APIs and plain loops;
 * ACCELERATION=on fills them from accelerators/.
 */
export interface Seams {
  chunkSource: ChunkSource;
  utf8Kernel: Utf8Kernel;
}

export const PLAIN_SEAMS: Seams = { chunkSource: dataEvents, utf8Kernel: plainUtf8Kernel };
