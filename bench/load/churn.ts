import { performance } from 'node:perf_hooks';
import type { ChurnTask } from '../lib/tasks';
import { connectToServer, onFirstLine } from './connections';
import { Meter } from './meter';
import type { OrchestratorLink } from './orchestrator-link';

/** After mark-end, how long outstanding replies may take before the worker stops waiting. */
const DRAIN_TIMEOUT_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Connection churn: `concurrency` lanes that each connect, send one message, read the reply, close, and start again. */
export async function runChurn(task: ChurnTask, link: OrchestratorLink): Promise<void> {
  const meter = new Meter();
  const message = Buffer.from(task.message);
  const expected = Buffer.from(task.expected, 'utf8');
  let running = false;
  let active = 0;
  let whenDone: (() => void) | null = null;
  const cycle = (): void => {
    if (!running) {
      if (active === 0) whenDone?.();
      return;
    }
    active++;
    const startedAt = performance.now();
    const socket = connectToServer(task.port);
    let got: Buffer | null = null;
    let failed = false;
    socket.on('connect', () => socket.write(message));
    onFirstLine(socket, (line) => {
      got = line;
      socket.end();
    });
    socket.on('error', (error) => {
      failed = true;
      meter.error(error);
    });
    socket.on('close', () => {
      active--;
      if (!failed && got !== null && meter.measuring) {
        const line: Buffer = got;
        if (!line.equals(expected)) meter.mismatch('churn', task.expected, line);
        meter.recordRoundTrip(performance.now() - startedAt);
        meter.messages++;
        meter.bytes += message.length;
      } else if (!failed && got === null && meter.measuring) {
        meter.error(new Error('closed without a reply'));
      }
      // Failed connects (port exhaustion, refusals) back off a little instead of spinning.
      if (failed) setTimeout(cycle, 5);
      else cycle();
    });
  };
  link.send({ type: 'ready' });
  await link.nextSignal('go');
  running = true;
  for (let i = 0; i < task.concurrency; i++) cycle();
  await link.nextSignal('mark-start');
  meter.start();
  await link.nextSignal('mark-end');
  meter.measuring = false;
  const windowMs = performance.now() - meter.startedAt;
  running = false;
  if (active > 0) await Promise.race([new Promise<void>((resolve) => (whenDone = resolve)), sleep(DRAIN_TIMEOUT_MS)]);
  link.send({ type: 'result', result: meter.result(windowMs, active, { concurrency: task.concurrency }) });
}
