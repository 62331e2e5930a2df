/**
 * The TIME_WAIT trap, end to end: the classic Python server answers one client and closes
 * first, so its side of the connection waits in TIME_WAIT on its port for 60 s. It never set
 * SO_REUSEADDR, so Linux refuses every new bind of that port meanwhile, even charcount-server's
 * (Node sets SO_REUSEADDR), while `ss -ltnp` shows nothing listening. charcount-server must
 * say that, not "in use by another program". Over its own TIME_WAIT it binds at once.
 * Linux only: elsewhere there is no /proc/net/tcp to tell TIME_WAIT from a listener.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePortHolders } from '../../server/port-holders';
import {
  ROOT,
  ServerProcess,
  WireClient,
  cleanEnv,
  idReply,
  onCleanup,
  runServerExpectingExit,
  scratchDir,
  startServer,
  useLoopbackHarness,
} from './harness';
import { freePort } from '../support/free-port';

useLoopbackHarness();

const CLASSIC_SERVER = join(ROOT, 'lab-notes', 'classic', 'classic_server.py');

/**
 * Runs the classic server on `port` for one client that sends "Halo dunia", reads the reply
 * to the server's FIN, then closes: the server closed first, so TIME_WAIT is on its port.
 */
async function classicServerAnswersOneClient(port: number): Promise<void> {
  const child = spawn('python3', [CLASSIC_SERVER, String(port)], { cwd: scratchDir(), env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const classic = new ServerProcess(child, [String(port)], false);
  onCleanup(async () => {
    await classic.stop();
  });
  await classic.waitForLine(/^Waiting\.\.\.$/);
  const client = await WireClient.connect(port);
  await client.write('Halo dunia');
  await client.waitForEnd();
  expect(client.received.toString('utf8'), 'the classic reply, without a newline').toBe(idReply(10));
  client.end();
  await client.closed;
  expect(await classic.waitForExit(5000), classic.stderrText).toEqual({ code: 0, signal: null });
}

/** stderr split into lines, without the empty string after the final LF. */
const stderrLines = (stderr: string): string[] => stderr.replace(/\n$/, '').split('\n');

/** The one line, with what varies (where, seconds left) captured. */
const timeWaitLine = (where: string, port: number): RegExp =>
  new RegExp(
    `^charcount-server: ${where.replaceAll('.', '\\.')} is held by 1 connection in TIME_WAIT, left by a server that closed first ` +
      `without SO_REUSEADDR; it expires within (\\d+) s \\(ss -tan state time-wait '\\( sport = :${port} \\)'\\)$`,
  );

describe.runIf(process.platform === 'linux')('a port held only by TIME_WAIT', () => {
  it('after the classic Python server answered a client, charcount-server exits 1 with one line naming TIME_WAIT and the count', async () => {
    const port = await freePort();
    await classicServerAnswersOneClient(port);
    for (const host of ['127.0.0.1', null]) {
      const { exit, stdout, stderr } = await runServerExpectingExit({ port, host });
      expect(exit, stderr).toEqual({ code: 1, signal: null });
      expect(stdout).toBe('');
      const lines = stderrLines(stderr);
      expect(lines, 'exactly one line on stderr').toHaveLength(1);
      const match = timeWaitLine(host === null ? `port ${port}` : `${host} port ${port}`, port).exec(lines[0]);
      expect(match, lines[0]).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThanOrEqual(1);
      expect(Number(match![1])).toBeLessThanOrEqual(60);
    }
  });

  it('charcount-server binds at once over the TIME_WAIT its own earlier run left (Node sets SO_REUSEADDR)', async () => {
    const first = await startServer({ args: ['--idle-timeout-ms', '100'] });
    const { port } = first;
    const client = await WireClient.connect(port);
    await client.waitForEnd();
    client.end();
    await client.closed;
    await first.stop();
    expect(await describePortHolders(port), 'the server closed first (idle timeout), so TIME_WAIT is on its port').toMatchObject({
      listening: 0,
      timeWait: 1,
    });
    const second = await startServer({ port });
    expect(second.port).toBe(port);
  });
});
