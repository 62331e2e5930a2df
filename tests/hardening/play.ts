/** Playing a generated scenario (scenarios.ts) on a real connection, the way a client would. No vitest here, so the soak can use it. */
import { sleep } from '../support/sleep';
import { expectedReplies, type ModelOptions } from './model';
import { RawConnection } from './raw-connection';
import { eventsOf, expectedFor, type Scenario } from './scenarios';

export interface PlayResult {
  lines: string[];
  /** Bytes after the last LF when the connection ended. */
  unterminated: string;
  /** The server ended the connection (after a half-close). */
  ended: boolean;
  error: string | undefined;
}

export interface PlayOptions {
  /** The server's quiet period: a pause waits for the replies owed so far and at least this long (plus a margin) after the last write. */
  quietPeriodMs: number;
  model: ModelOptions;
  /** How long to wait for replies and for the end of the connection. */
  timeoutMs?: number;
}

/** Performs a scenario on a new connection and collects every reply line until the server ends it (or a timeout). */
export async function play(host: string, port: number, scenario: Scenario, options: PlayOptions): Promise<PlayResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connection = await RawConnection.open(host, port);
  try {
    let lastWrite = performance.now();
    for (const [index, step] of scenario.steps.entries()) {
      if ('pause' in step) {
        // Like a classic client: wait for the replies owed so far, and for the quiet period to pass.
        const owed = expectedReplies(eventsOf({ steps: scenario.steps.slice(0, index + 1), halfClose: false }), false, true, options.model).length;
        await connection.until(() => connection.lines.length >= owed || connection.closed, timeoutMs);
        const waited = performance.now() - lastWrite;
        const margin = options.quietPeriodMs + 150;
        if (waited < margin) await sleep(margin - waited);
        continue;
      }
      if (connection.closed) break;
      await connection.write(step.bytes);
      lastWrite = performance.now();
      if (step.delayMs > 0) await sleep(step.delayMs);
    }
    if (scenario.halfClose) {
      connection.socket.end();
      await connection.until(() => connection.ended || connection.closed, timeoutMs);
    } else {
      const owed = expectedFor(scenario, options.quietPeriodMs > 0, options.model).length;
      await connection.until(() => connection.lines.length >= owed || connection.closed, timeoutMs);
      await sleep(50); // room for a reply too many
    }
    return {
      lines: [...connection.lines],
      unterminated: connection.unterminated,
      ended: connection.ended,
      error: connection.error?.code ?? connection.error?.message,
    };
  } finally {
    connection.socket.destroy();
  }
}
