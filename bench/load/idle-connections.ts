import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { IdleTask } from '../lib/tasks';
import { onFirstLine, openSockets } from './connections';
import { Meter } from './meter';
import type { OrchestratorLink } from './orchestrator-link';

/** Many connections, each answered once and then held open and idle until mark-end. */
export async function runIdle(task: IdleTask, link: OrchestratorLink): Promise<void> {
  const meter = new Meter();
  const message = Buffer.from(task.message);
  const expected = Buffer.from(task.expected, 'utf8');
  const started = performance.now();
  let answered = 0;
  let sockets: Socket[] = [];
  try {
    sockets = await openSockets(task.port, task.connections, task.concurrency, meter, (socket) =>
      new Promise<void>((resolve) => {
        onFirstLine(socket, (line) => {
          if (line.equals(expected)) answered++;
          else meter.mismatch('idle', task.expected, line);
          resolve();
        });
        socket.once('close', () => resolve());
        socket.write(message);
      }),
    );
  } catch (error) {
    meter.error(error);
  }
  const openMs = performance.now() - started;
  link.send({ type: 'ready', openMs });
  await link.nextSignal('mark-end');
  const open = sockets.filter((s) => s !== undefined && !s.destroyed).length;
  for (const socket of sockets) socket?.destroy();
  meter.messages = answered;
  link.send({
    type: 'result',
    result: meter.result(openMs, task.connections - answered, { open, openMs: Math.round(openMs), connectionsPerSec: Math.round((task.connections / openMs) * 1000) }),
  });
}
