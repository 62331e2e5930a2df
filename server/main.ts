#!/usr/bin/env node
import cluster from 'node:cluster';
import { config as loadDotenv } from 'dotenv';
import { CharCountServer, ListenError } from './charcount-server';
import { ConfigError, parseServerConfig, serverUsage } from './config';
import { Logger } from './logger';
import { reportListening, runPrimary, SHUTDOWN_MESSAGE } from './worker-cluster';

const EXIT_USAGE = 2;
const EXIT_CANNOT_LISTEN = 1;
const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

function fail(message: string, exitCode: number): never {
  process.stderr.write(`charcount-server: ${message}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let parsed;
  try {
    parsed = parseServerConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, EXIT_USAGE);
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(`${serverUsage()}\n`);
    return;
  }
  const { config } = parsed;
  const logger = new Logger(config.logLevel, config.logFormat);
  if (config.workers > 1 && cluster.isPrimary) {
    process.exitCode = await runPrimary(config, logger, process.argv.slice(2));
    process.exit();
  }
  const server = cluster.isWorker
    ? new CharCountServer({ ...config, maxConnections: Math.ceil(config.maxConnections / config.workers) }, logger, {
        announce: false,
        reusePort: process.platform === 'linux',
      })
    : new CharCountServer(config, logger);
  let stopping = false;
  const stop = (reason: string): void => {
    stopping = true;
    void server.shutdown(reason).then(() => process.exit(0));
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn('forced', `second ${signal}: exiting now without waiting for open connections`, { signal });
      process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 1));
    }
    stop(`${signal} received`);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE && !stopping) stop('asked to stop by the primary process');
  });
  // A worker never outlives its primary: if the primary dies, nobody could stop or restart the worker.
  process.on('disconnect', () => {
    if (!stopping) stop('the primary process is gone');
  });
  try {
    const address = await server.listen();
    if (cluster.isWorker) reportListening(address);
  } catch (error) {
    if (error instanceof ListenError) fail(error.message, EXIT_CANNOT_LISTEN);
    throw error;
  }
}

void main();
