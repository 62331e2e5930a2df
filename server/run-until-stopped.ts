import type { AddressInfo } from 'node:net';
import { CharCountServer, ListenError } from './charcount-server';
import type { Logger } from './logger';

const EXIT_CANNOT_LISTEN = 1;
const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

interface RunningServer {
  address: AddressInfo;
  /** Starts the graceful shutdown (once), then exits 0. */
  stop(reason: string): void;
}

/** A failure the user can fix: one line on stderr that says what to do, then the exit code. */
export function exitWithError(message: string, exitCode: number): never {
  process.stderr.write(`charcount-server: ${message}\n`);
  process.exit(exitCode);
}

/**
 * Listens, then serves until SIGTERM or Ctrl-C: the first signal stops accepting and finishes
 * the open connections; a second one exits at once. A port that cannot be listened on exits 1
 * with the one line that says why and what to do.
 */
export async function runUntilStopped(server: CharCountServer, logger: Logger): Promise<RunningServer> {
  let stopping = false;
  const stop = (reason: string): void => {
    if (stopping) return;
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
  try {
    return { address: await server.listen(), stop };
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    exitWithError(error.message, EXIT_CANNOT_LISTEN);
  }
}
