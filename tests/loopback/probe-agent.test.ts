/**
 * The probe agent (dist/checker/probe/agent.js) as a child process, driven through the
 * remote network over its stdin and stdout: every probe behaves as the local network's
 * does against the same loopback server, errors keep their kind, and input the agent cannot
 * use gets an error answer instead of ending it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineSplitter } from '../../protocol';
import { freePort } from '../support/free-port';
import { ConnectError, type ProbeNetwork, type ReplyRead } from '../../checker/probe/connection';
import { createLocalNetwork } from '../../checker/probe/local-network';
import { AGENT_PROTOCOL_VERSION } from '../../checker/probe/agent-protocol';
import { createRemoteNetwork, ProbeAgentMismatch, type RemoteNetwork } from '../../checker/probe/remote-network';
import { LOOPBACK, ROOT } from './harness';

/** expect.poll's own default (1 s) is shorter than a busy machine takes to start a Node process. */
const POLL_TIMEOUT_MS = 20_000;

const AGENT_JS = join(ROOT, 'dist', 'checker', 'probe', 'agent.js');
const READ = { timeoutMs: 600, quietMs: 100 };
/** An agent of protocol version 1: it knows no hello, and says so as the old agent did. */
const STALE_AGENT = `process.stdin.on('data', (d) => { for (const line of d.toString().split('\\n').filter(Boolean)) { const r = JSON.parse(line); process.stdout.write(JSON.stringify({ id: r.id, ok: false, error: { name: 'BadRequest', message: 'unknown op ' + JSON.stringify(r.op) } }) + '\\n'); } });`;

/** The first bytes a client sends choose how this server answers it. */
function scenarioServer(): { server: Server; resets: string[] } {
  const resets: string[] = [];
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    let opening = '';
    let first = '';
    let received = 0;
    socket.on('error', (error: NodeJS.ErrnoException) => resets.push(`${opening}:${error.code}`));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (first === 'pieces') socket.write('15\nnext');
      if (first !== '') return;
      opening = chunk.toString('latin1');
      first = opening.split(' ')[0]!;
      if (first === 'lf') socket.write('line one\nline two\n');
      if (first === 'crlf') socket.write('crlf reply\r\n');
      if (first === 'close') socket.end('then closed');
      if (first === 'quiet') socket.write('no terminator');
      if (first === 'reset') socket.resetAndDestroy();
      // A reply in two pieces: the second once the client has seen the first and writes again.
      if (first === 'pieces') socket.write('Jumlah ');
    });
    // "count": answers with the number of bytes once the client half-closes, then closes.
    socket.on('end', () => {
      if (first === 'count') socket.end(`${received}\n`);
    });
  });
  return { server, resets };
}

interface Observed {
  reads: { text: string; ending: ReplyRead['ending'] }[];
  peer?: string;
}

/** One connection through a network: send, then read replies until a read ends the connection or times out. */
async function observe(network: ProbeNetwork, port: number, message: Uint8Array | string, reads: number, halfClose = false): Promise<Observed> {
  const connection = await network.connect(LOOPBACK, port, 2000);
  await connection.write(typeof message === 'string' ? Buffer.from(message, 'latin1') : message);
  if (halfClose) await connection.end();
  const observed: Observed = { reads: [] };
  for (let i = 0; i < reads; i++) {
    const reply = await connection.readReply(READ);
    observed.reads.push({ text: Buffer.from(reply.bytes).toString('latin1'), ending: reply.ending });
  }
  if (halfClose) observed.peer = await connection.waitForPeerClose(1000);
  await connection.abort();
  return observed;
}

describe('the probe agent, as a child process on loopback, behind the remote network', () => {
  let agent: ChildProcessWithoutNullStreams;
  let remote: RemoteNetwork;
  const local = createLocalNetwork();
  const { server, resets } = scenarioServer();
  let port = 0;

  beforeAll(async () => {
    server.listen(0, LOOPBACK);
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    agent = spawn(process.execPath, [AGENT_JS], { stdio: ['pipe', 'pipe', 'pipe'] });
    remote = createRemoteNetwork({ responses: agent.stdout, requests: agent.stdin });
  });

  afterAll(async () => {
    await local.close();
    await remote?.close();
    if (agent && agent.exitCode === null) {
      await Promise.race([once(agent, 'exit'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      agent.kill('SIGKILL');
    }
    server.close();
  });

  for (const [name, message, reads] of [
    ['two LF-ended replies, then a timeout', 'lf', 3],
    ['a CRLF-ended reply', 'crlf', 1],
    ['a reply ended by the server closing', 'close', 2],
    ['an unterminated reply on an open connection (quiet)', 'quiet', 1],
    ['no reply at all (timeout)', 'silent', 1],
    ['a reset', 'reset', 1],
  ] as const) {
    it(`reads ${name} as the local network does`, async () => {
      const viaLocal = await observe(local, port, message, reads);
      const viaAgent = await observe(remote, port, message, reads);
      expect(viaAgent).toEqual(viaLocal);
      expect(viaAgent.reads.at(-1)!.ending).toBe({ lf: 'timeout', crlf: 'crlf', close: 'close', quiet: 'quiet', silent: 'timeout', reset: 'reset' }[message]);
    });
  }

  it('tells the pieces a reply arrived in, and when, as the local network does', async () => {
    for (const network of [local, remote]) {
      const connection = await network.connect(LOOPBACK, port, 2000);
      await connection.write(Buffer.from('pieces', 'latin1'));
      expect(await connection.waitForData(POLL_TIMEOUT_MS)).toBe('data');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await connection.write(Buffer.from('go', 'latin1'));
      const reply = await connection.readReply({ timeoutMs: POLL_TIMEOUT_MS, quietMs: POLL_TIMEOUT_MS });
      await connection.abort();
      expect(Buffer.from(reply.bytes).toString('latin1')).toBe('Jumlah 15');
      // The LF and what follows it are not the reply's: the second piece is cut at the reply's end.
      expect(reply.pieces!.map((piece) => piece.length)).toEqual([7, 2]);
      // The first piece came before the read began, the second at least the client's 50 ms pause later.
      expect(reply.pieces![0]!.afterMs).toBeLessThan(0);
      expect(reply.pieces![1]!.afterMs - reply.pieces![0]!.afterMs).toBeGreaterThanOrEqual(49);
    }
  });

  it('carries a 1 MiB message of every byte value whole, half-closes, and sees the server close', async () => {
    const message = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < message.length; i++) message[i] = (i * 7) & 0xff;
    message.write('count ', 'latin1');
    const viaAgent = await observe(remote, port, message, 1, true);
    expect(viaAgent).toEqual({ reads: [{ text: String(message.length), ending: 'lf' }], peer: 'closed' });
    expect(viaAgent).toEqual(await observe(local, port, message, 1, true));
  });

  it('waits for data without consuming it: nothing while the server is silent, data once it sent, its close once it closed, as the local network does', async () => {
    for (const network of [remote, local]) {
      const silent = await network.connect(LOOPBACK, port, 2000);
      await silent.write(Buffer.from('silent'));
      expect(await silent.waitForData(200)).toBe('nothing');
      await silent.abort();
      const closing = await network.connect(LOOPBACK, port, 2000);
      await closing.write(Buffer.from('count'));
      await closing.end();
      expect(await closing.waitForData(1000)).toBe('data');
      await closing.readReply(READ);
      expect(await closing.waitForData(1000)).toBe('closed');
      await closing.abort();
      const talking = await network.connect(LOOPBACK, port, 2000);
      await talking.write(Buffer.from('crlf'));
      expect(await talking.waitForData(1000)).toBe('data');
      expect(Buffer.from((await talking.readReply(READ)).bytes).toString()).toBe('crlf reply');
      await talking.abort();
    }
  });

  it('ends a connection with a reset the server sees (ECONNRESET), as the local network does', async () => {
    resets.length = 0;
    await observe(remote, port, 'quiet via-agent', 1);
    await observe(local, port, 'quiet via-local', 1);
    await expect.poll(() => resets.filter((reset) => reset.includes(' via-')).sort(), { timeout: POLL_TIMEOUT_MS }).toEqual(['quiet via-agent:ECONNRESET', 'quiet via-local:ECONNRESET']);
  });

  it('closes politely, as the local network does: a reset after the server closed first, else a FIN the server sees as the end of the stream, and a reset only past the grace time', async () => {
    const timing = { finWaitMs: 30, graceMs: 300 };
    for (const [network, via] of [[remote, 'via-agent'], [local, 'via-local']] as const) {
      resets.length = 0;
      const closedFirst = await network.connect(LOOPBACK, port, 2000);
      await closedFirst.write(Buffer.from(`close ${via}`));
      await closedFirst.readReply(READ);
      expect(await closedFirst.finish(timing)).toEqual({ how: 'server-closed-first', peer: 'closed' });
      const counting = await network.connect(LOOPBACK, port, 2000);
      await counting.write(Buffer.from(`count ${via}`));
      expect(await counting.finish(timing)).toEqual({ how: 'server-closed-after-fin', peer: 'closed' });
      const ignoring = await network.connect(LOOPBACK, port, 2000);
      await ignoring.write(Buffer.from(`quiet ${via}`));
      expect(await ignoring.finish(timing)).toEqual({ how: 'reset-after-grace', peer: 'open' });
      // The connection whose server closed in turn after the client's FIN saw no reset.
      expect(resets.filter((reset) => reset.startsWith(`count ${via}`))).toEqual([]);
    }
  });

  it('answers hello with its protocol version, which the remote network checks before its first connection', async () => {
    const raw = spawn(process.execPath, [AGENT_JS], { stdio: ['pipe', 'pipe', 'pipe'] });
    const answers = new LineSplitter();
    const hello = new Promise<string>((resolve) => raw.stdout.on('data', (chunk: Buffer) => answers.push(chunk, (line) => resolve(line.toString('utf8')))));
    raw.stdin.write('{"id":1,"op":"hello"}\n');
    expect(JSON.parse(await hello)).toEqual({ id: 1, ok: true, result: { version: AGENT_PROTOCOL_VERSION } });
    raw.stdin.end();
    await once(raw, 'exit');
  });

  it('reports a probe agent that does not know hello (an older image) as a version mismatch', async () => {
    // An agent of protocol 1 answers every hello with "unknown op".
    const stale = spawn(process.execPath, ['-e', STALE_AGENT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const network = createRemoteNetwork({ responses: stale.stdout, requests: stale.stdin });
    const failure = await network.connect(LOOPBACK, port, 1000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProbeAgentMismatch);
    expect(failure).toMatchObject({ agentVersion: 1, checkerVersion: AGENT_PROTOCOL_VERSION });
    stale.kill('SIGKILL');
    await once(stale, 'exit');
  });

  it('rejects a refused connection with a ConnectError whose reason is refused', async () => {
    const unused = await freePort();
    const failure = await remote.connect(LOOPBACK, unused, 1000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectError);
    expect((failure as ConnectError).reason).toBe('refused');
    expect((failure as ConnectError).message).toBe(((await local.connect(LOOPBACK, unused, 1000).catch((error: unknown) => error)) as Error).message);
  });

  it('tells whether a port listens, and what holds it, from the agent namespace s /proc/net/tcp', async () => {
    expect(await remote.isListening(port)).toBe(await local.isListening(port));
    expect(await remote.isListening(port)).toBe(true);
    expect((await remote.portHolders(port))?.listening).toBe(1);
  });

  it('names the local addresses listening on a port, so a server bound to 127.0.1.1 is reached there', async () => {
    expect(await remote.listeningAddresses(port)).toEqual([LOOPBACK]);
    const hostnameServer = createServer();
    hostnameServer.listen(0, '127.0.1.1');
    await once(hostnameServer, 'listening');
    try {
      const hostnamePort = (hostnameServer.address() as AddressInfo).port;
      expect(await remote.listeningAddresses(hostnamePort)).toEqual(['127.0.1.1']);
      expect(await remote.listeningAddresses(await freePort())).toEqual([]);
    } finally {
      hostnameServer.close();
    }
  });

  it('takes an agent that does not name the addresses as listening on the loopback, where the probes always connected', async () => {
    const older = `process.stdin.on('data', (d) => { for (const line of d.toString().split('\\n').filter(Boolean)) { const r = JSON.parse(line); process.stdout.write(JSON.stringify({ id: r.id, ok: true, result: { listening: r.port === ${port} } }) + '\\n'); } });`;
    const agent = spawn(process.execPath, ['-e', older], { stdio: ['pipe', 'pipe', 'pipe'] });
    const network = createRemoteNetwork({ responses: agent.stdout, requests: agent.stdin });
    try {
      expect(await network.listeningAddresses(port)).toEqual(['127.0.0.1']);
      expect(await network.listeningAddresses(port + 1)).toEqual([]);
    } finally {
      agent.kill('SIGKILL');
      await once(agent, 'exit');
    }
  });

  it('answers input it cannot use with an error line and keeps serving', async () => {
    const answers: string[] = [];
    const answerLines = new LineSplitter();
    const collect = (chunk: Buffer): void => answerLines.push(chunk, (line) => answers.push(line.toString('utf8')));
    // Raw lines straight to the agent: the remote network would reject these answers as not its own.
    const raw = spawn(process.execPath, [AGENT_JS], { stdio: ['pipe', 'pipe', 'pipe'] });
    raw.stdout.on('data', collect);
    raw.stdin.write('not json\n[1,2]\n{"op":"connect"}\n{"id":5,"op":"fly"}\n{"id":6,"op":"write","connection":"x","data":""}\n');
    raw.stdin.write('{"id":7,"op":"write","connection":99,"data":"AA=="}\n\u0000\u00ff\n');
    raw.stdin.write(`{"id":8,"op":"isListening","port":${port}}\n`);
    // A fresh Node process answers within milliseconds on a quiet machine; at load 25 on 2 cores it
    // takes over a second just to start, so the poll waits as long as the test may.
    await expect.poll(() => answers.length, { timeout: POLL_TIMEOUT_MS }).toBe(8);
    raw.stdin.end();
    const [code] = await once(raw, 'exit');
    expect(code).toBe(0);
    // Answers come in the order the calls finish; compare them sorted.
    const parsed = answers.map((line) => JSON.parse(line) as { id: number | null; ok: boolean; result?: unknown; error?: { name: string; message: string } });
    const summary = parsed.map((answer) => `${answer.id} ${answer.ok ? JSON.stringify(answer.result) : `${answer.error!.name}: ${answer.error!.message}`}`);
    expect(summary.sort()).toEqual([
      '5 BadRequest: unknown op "fly"',
      '6 BadRequest: op write needs "connection", a number of at least 0',
      '7 Error: no connection 99',
      `8 {"listening":true,"addresses":["${LOOPBACK}"]}`,
      'null BadRequest: a request must be a JSON object',
      'null BadRequest: a request needs "id", a whole number',
      expect.stringMatching(/^null BadRequest: not JSON/),
      expect.stringMatching(/^null BadRequest: not JSON/),
    ]);
  });

  it('fails calls made after the agent is gone with one clear error, instead of hanging', async () => {
    const doomed = spawn(process.execPath, [AGENT_JS], { stdio: ['pipe', 'pipe', 'pipe'] });
    const network = createRemoteNetwork({ responses: doomed.stdout, requests: doomed.stdin });
    expect(await network.isListening(port)).toBe(true);
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    await expect(network.isListening(port)).rejects.toThrow(/^the checker's probe agent is gone/);
    await network.close();
  });
});
