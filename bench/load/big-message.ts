import { performance } from 'node:perf_hooks';
import type { BigMessageTask } from '../lib/tasks';
import { onFirstLine, openSockets } from './connections';
import { Meter } from './meter';
import type { OrchestratorLink } from './orchestrator-link';

/** One huge message on one connection: written chunk by chunk as fast as the server takes it, then its one reply. */
export async function runBigMessage(task: BigMessageTask, link: OrchestratorLink): Promise<void> {
  const meter = new Meter();
  const [socket] = await openSockets(task.port, 1, 1, meter);
  const chunk = Buffer.from(task.chunk.buffer, task.chunk.byteOffset, task.chunk.byteLength);
  let reply: Buffer | null = null;
  const replied = new Promise<void>((resolve) => {
    onFirstLine(socket, (line) => {
      reply = line;
      resolve();
    });
    socket.on('close', () => {
      closedWithoutReply = reply === null;
      resolve();
    });
  });
  let closedWithoutReply = false;
  link.send({ type: 'ready' });
  await link.nextSignal('go');
  meter.start();
  let timedOut = false;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    deadlineTimer = setTimeout(() => {
      timedOut = true;
      resolve();
    }, task.timeoutMs);
  });
  let written = 0;
  for (let i = 0; i < task.repeat && !timedOut && !socket.destroyed; i++) {
    if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), replied, deadline]);
    written++;
  }
  if (!timedOut && !socket.destroyed) socket.write('\n');
  const sentMs = performance.now() - meter.startedAt;
  await Promise.race([replied, deadline]);
  clearTimeout(deadlineTimer);
  const windowMs = performance.now() - meter.startedAt;
  const got: Buffer | null = reply;
  const bytesAccepted = socket.bytesWritten - socket.writableLength;
  if (got !== null) {
    const line: Buffer = got;
    meter.recordRoundTrip(windowMs);
    meter.messages = 1;
    meter.bytes = task.chunk.byteLength * task.repeat + 1;
    if (line.toString('utf8') !== task.expected) meter.mismatch('big', task.expected, line);
  }
  socket.destroy();
  link.send({
    type: 'result',
    result: meter.result(windowMs, got === null ? 1 : 0, {
      timedOut: got === null && !closedWithoutReply,
      closedWithoutReply,
      chunksWritten: written,
      bytesAccepted,
      sendMs: Math.round(sentMs),
    }),
  });
}
