/**
 * How a probe hands a message's writes to the connection, and how it tells the stage about
 * pauses of its own (a busy machine), so that no pause of the checker's looks like the end of
 * the message to the server, or is blamed on it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeConnection } from '../probe/connection';
import { recordedBytes } from './recorded-bytes';
import { watchEventLoopLag } from './event-loop-lag';
import type { StageContext } from './stage-context';

export interface MessageWrites {
  connection: ProbeConnection;
  context: StageContext;
  /** The probe's label in the record. */
  client: string;
  /** The message, cut where each write starts. */
  pieces: Uint8Array[];
}

/**
 * Back to back: every write is handed over in this tick, so no pause of the checker's own
 * (a busy machine delaying its event loop) can look like the end of the message.
 */
export async function writeAtOnce({ connection, context, client, pieces }: MessageWrites): Promise<void> {
  for (const piece of pieces) context.event({ kind: 'send', client, bytes: recordedBytes(piece) });
  const stopWatching = watchEventLoopLag();
  // Each write() hands its bytes over before it returns: a process preempted between two
  // of them (a CPU-bound neighbour) leaves a gap no event-loop watch sees, but this does.
  const handingOver = performance.now();
  const writes = pieces.map((piece) => connection.write(piece));
  context.notePause(performance.now() - handingOver);
  try {
    await Promise.all(writes);
  } finally {
    // A long gap while the bytes were still going out was the checker's own pause.
    context.notePause(stopWatching());
  }
}

/** One write after another, `pauseMs` apart; `beforeLastWrite` runs before the last one's pause. */
export async function writePaced({ connection, context, client, pieces }: MessageWrites, pauseMs: number, beforeLastWrite: () => Promise<void>): Promise<void> {
  let previousHandedOver = 0;
  for (const [index, piece] of pieces.entries()) {
    if (index === pieces.length - 1) await beforeLastWrite();
    if (index > 0) await sleep(Math.max(0, pauseMs - (performance.now() - previousHandedOver)));
    context.event({ kind: 'send', client, bytes: recordedBytes(piece) });
    const handingOver = performance.now();
    const written = connection.write(piece);
    // The pause the server saw is at most the time from just before the previous write was
    // handed over to just after this one was: a preemption anywhere in between counts.
    if (index > 0) context.notePause(performance.now() - previousHandedOver);
    previousHandedOver = handingOver;
    await written;
  }
}
