/**
 * A Node load worker, for the tasks where connections, not bytes, are the load: many idle
 * connections (idle-connections.ts), connection churn (churn.ts), and the one huge message
 * (big-message.ts); message traffic is the C generator's, closed-loop.c. Raw `net` sockets;
 * reply lines cut by protocol/'s LineSplitter. The orchestrator drives it:
 * task -> ready -> go -> mark-start -> mark-end -> result.
 */
import { parentPort } from 'node:worker_threads';
import type { Command, LoadTask, Report } from '../lib/tasks';
import { runBigMessage } from './big-message';
import { runChurn } from './churn';
import { runIdle } from './idle-connections';
import { SignalQueue, type OrchestratorLink } from './orchestrator-link';

const port = parentPort;
if (port === null) throw new Error('bench/load/worker.ts runs as a worker thread');

const signals = new SignalQueue();
const link: OrchestratorLink = {
  send: (report: Report) => port.postMessage(report),
  nextSignal: (signal) => signals.next(signal),
};

async function runTask(task: LoadTask): Promise<void> {
  switch (task.kind) {
    case 'closed-loop':
    case 'stream':
      throw new Error(`${task.kind} tasks run on the C load generator (bench/lib/c-load.ts)`);
    case 'big-message':
      return runBigMessage(task, link);
    case 'idle':
      return runIdle(task, link);
    case 'churn':
      return runChurn(task, link);
  }
}

port.on('message', (command: Command) => {
  if (command.type === 'task') {
    signals.clear();
    runTask(command.task).catch((error: unknown) => link.send({ type: 'failed', error: (error as Error)?.stack ?? String(error) }));
    return;
  }
  signals.arrived(command.type);
});
