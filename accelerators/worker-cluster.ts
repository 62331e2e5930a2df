import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { logStartup } from '../server/charcount-server';
import type { ServerConfig } from '../server/config';
import type { Logger } from '../server/logger';

/** The message a primary sends its workers to start a graceful shutdown (a signal would count twice on Ctrl-C). */
export const SHUTDOWN_MESSAGE = 'charcount:shutdown';

/** A worker that binds with SO_REUSEPORT listens without the primary's help, so it reports its address itself. */
interface ListeningMessage {
  type: 'charcount:listening';
  address: AddressInfo;
}

export function reportListening(address: AddressInfo): void {
  const message: ListeningMessage = { type: 'charcount:listening', address };
  process.send?.(message);
}

function isListeningMessage(message: unknown): message is ListeningMessage {
  return (message as ListeningMessage | null)?.type === 'charcount:listening';
}

/** A worker that dies this soon after it started is failing to start, not crashing under load: do not restart it. */
const MIN_HEALTHY_LIFETIME_MS = 2000;

/**
 * WORKERS > 1: the primary process forks that many servers. On Linux each binds the port
 * itself with SO_REUSEPORT and the kernel spreads new connections over them; elsewhere the
 * cluster module shares one listening socket. The primary logs the startup line once,
 * restarts a worker that crashes, and turns SIGTERM/SIGINT into one graceful shutdown.
 */
export async function runPrimary(config: ServerConfig, logger: Logger, argv: string[]): Promise<number> {
  const live = new Set<Worker>();
  let stopping = false;
  let failed = false;
  let settle: (exitCode: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (settle = resolve));

  const askToStop = (worker: Worker): void => {
    if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn('forced', `second ${signal}: stopping ${live.size} workers now without waiting`, { signal });
      for (const worker of live) worker.kill('SIGKILL');
      settle(128 + (signal === 'SIGINT' ? 2 : 15));
      return;
    }
    stopping = true;
    logger.info('shutdown', `${signal} received: asking ${live.size} workers to finish their connections`, { signal, workers: live.size });
    live.forEach(askToStop);
    if (live.size === 0) settle(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const adopt = (worker: Worker, args: string[]): void => {
    const startedAt = performance.now();
    live.add(worker);
    if (stopping) askToStop(worker);
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (code !== 0) failed = true;
      if (stopping) {
        if (live.size === 0) settle(failed ? 1 : 0);
        return;
      }
      const failedAtStart = performance.now() - startedAt < MIN_HEALTHY_LIFETIME_MS;
      logger.error(
        'worker-exit',
        `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); ${failedAtStart ? 'not restarting: it failed right after starting' : 'starting a new one'}`,
        { pid: worker.process.pid, code: code ?? undefined, signal: signal ?? undefined },
      );
      if (failedAtStart) {
        if (live.size === 0) settle(1);
        return;
      }
      void startWorker(args).then((started) => {
        if ('worker' in started) adopt(started.worker, args);
      });
    });
  };

  const first = await startWorker(argv);
  if ('exitCode' in first) return first.exitCode;
  // With PORT=0 the first worker picked the port; the others must share that one.
  const sameArgs = [...argv, '--port', String(first.address.port)];
  adopt(first.worker, sameArgs);
  for (let i = 1; i < config.workers && !stopping; i++) {
    const started = await startWorker(sameArgs);
    if ('exitCode' in started) {
      for (const worker of live) worker.kill('SIGKILL');
      return started.exitCode;
    }
    adopt(started.worker, sameArgs);
  }
  if (!stopping) logStartup(logger, first.address, config);
  return stopped;
}

type StartResult = { worker: Worker; address: AddressInfo } | { exitCode: number };

function startWorker(args: string[]): Promise<StartResult> {
  cluster.setupPrimary({ args });
  const worker = cluster.fork();
  return new Promise((resolve) => {
    const onExit = (code: number | null): void => resolve({ exitCode: code ?? 1 });
    const onMessage = (message: unknown): void => {
      if (!isListeningMessage(message)) return;
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve({ worker, address: message.address });
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}
