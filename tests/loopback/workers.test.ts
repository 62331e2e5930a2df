/**
 * WORKERS > 1: several server processes share one port; the primary announces once,
 * every worker answers, and SIGTERM stops them all (none outlives the primary).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WireClient, idReply, inBatches, startServer, useLoopbackHarness } from './harness';

useLoopbackHarness();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('--workers 2', () => {
  it('logs one startup line naming 2 worker processes, answers every connection, and SIGTERM exits 0 leaving no worker behind', async () => {
    const server = await startServer({ args: ['--workers', '2', '--log-format', 'json'] });
    const startup = server.stdoutLines.filter((line) => line.includes('"event":"listening"'));
    expect(startup).toHaveLength(1);
    expect(startup[0]).toContain('2 worker processes');

    const replies = await inBatches(40, 20, async () => {
      const client = await WireClient.connect(server.port);
      await client.write('Halo dunia\n');
      const reply = await client.nextLine();
      client.end();
      return reply;
    });
    expect(new Set(replies)).toEqual(new Set([idReply(10)]));

    const children = execFileSync('pgrep', ['-P', String(server.pid)]).toString().trim().split('\n').map(Number);
    expect(children).toHaveLength(2);

    server.signal('SIGTERM');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.stdoutLines.filter((line) => line.includes('"event":"stopped"'))).toHaveLength(2);
    expect(children.filter(isAlive)).toEqual([]);
    expect(server.stdoutLines.filter((line) => line.includes('"event":"worker-exit"'))).toEqual([]);
  });
});
