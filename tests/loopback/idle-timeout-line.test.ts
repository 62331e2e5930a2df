/**
 * What the idle timeout's ERROR line says agrees with what the timer measures: the time since
 * the last complete message, not since the last byte. A message dribbled for longer than the
 * timeout is cut off although its bytes keep arriving (so a line that never ends cannot hold
 * a connection), and the line says so instead of "no data".
 */
import { describe, expect, it } from 'vitest';
import { WireClient, sleep, startServer, useLoopbackHarness } from './harness';

useLoopbackHarness();

const IDLE_LINE = 'ERROR no complete message for 0.4 s; closing the connection (end a message sooner to stay connected)';

describe('--idle-timeout-ms 400 against a client that dribbles one message', () => {
  it('ends the connection mid-message, with bytes still arriving, and the line names complete messages', async () => {
    const server = await startServer({ args: ['--idle-timeout-ms', '400', '--quiet-period-ms', '0'] });
    const client = await WireClient.connect(server.port);
    const started = performance.now();
    let dribbled = 0;
    // 3 bytes every 50 ms, never a newline: bytes arrive far more often than every 400 ms.
    while (!client.isEnded && dribbled < 40 && performance.now() - started < 3000) {
      await client.write('abc').catch(() => undefined);
      dribbled++;
      await sleep(50);
    }
    await client.waitForEnd(3000);
    const endedAfter = (client.endedAt ?? client.closedAt ?? performance.now()) - started;
    expect(client.lines).toEqual([IDLE_LINE]);
    expect(endedAfter, `ended after ${endedAfter.toFixed(0)} ms`).toBeGreaterThanOrEqual(350);
    expect(endedAfter, `ended after ${endedAfter.toFixed(0)} ms`).toBeLessThan(2000);
    expect(dribbled, 'writes before the end: the dribble was still going').toBeGreaterThanOrEqual(5);
  });

  // That a completed message restarts the timeout and bytes alone do not is the timers' rule,
  // stepped through without sleeping in tests/unit/connection-timers.test.ts.
});
