/**
 * Every speed trick of charcount-server, installed on the plain server with ACCELERATION=on:
 * - the shared read buffer (a chunk source reading every connection into one buffer, through
 *   Node's internal `_handle`), so a read allocates nothing;
 * - the whole-read pre-pass, the 32-bit word loop and WebAssembly SIMD (UTF-8 kernels);
 * - the worker cluster (WORKERS > 1), several processes sharing the port.
 * lab-notes/performance.md measures what each buys against the plain server.
 */
import cluster from 'node:cluster';
import { CharCountServer } from '../server/charcount-server';
import type { ServerConfig } from '../server/config';
import type { Logger } from '../server/logger';
import { withinOpenFileLimit } from '../server/open-file-limit';
import { runUntilStopped } from '../server/run-until-stopped';
import type { Seams } from '../server/seams';
import { withChunkPrepass } from './chunk-prepass-kernel';
import { SharedReadBuffer } from './shared-read-buffer';
import { simdUtf8Kernel } from './simd-kernel';
import { reportListening, runPrimary, SHUTDOWN_MESSAGE } from './worker-cluster';

/** The accelerated seams: reads into the SIMD region, validated a whole read at a time, counted with SIMD. */
export function acceleratedSeams(): Seams {
  return { chunkSource: new SharedReadBuffer(), utf8Kernel: withChunkPrepass(simdUtf8Kernel) };
}

export async function runAccelerated(config: ServerConfig, logger: Logger, argv: string[]): Promise<void> {
  if (config.workers > 1 && cluster.isPrimary) {
    process.exitCode = await runPrimary(config, logger, argv);
    process.exit();
  }
  if (!cluster.isWorker) {
    await runUntilStopped(new CharCountServer(withinOpenFileLimit(config, logger), logger, acceleratedSeams()), logger);
    return;
  }
  // The open-file limit is each process's own, so each worker fits its share to it.
  const share = withinOpenFileLimit({ ...config, maxConnections: Math.ceil(config.maxConnections / config.workers) }, logger);
  const server = new CharCountServer(share, logger, acceleratedSeams(), { announce: false, reusePort: process.platform === 'linux' });
  const running = await runUntilStopped(server, logger);
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) running.stop('asked to stop by the primary process');
  });
  // A worker never outlives its primary: if the primary dies, nobody could stop or restart the worker.
  process.on('disconnect', () => running.stop('the primary process is gone'));
  reportListening(running.address);
}
