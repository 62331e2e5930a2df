/**
 * The probe agent: runs inside a submission's network namespace (the checker's "probe"
 * container) and serves the ProbeNetwork calls of the checker outside it over JSON lines on
 * stdin and stdout (agent-protocol.ts), with real sockets from the local network. So the
 * probes connect from the server's own loopback, and a server bound to localhost is reachable.
 *
 * A line it cannot use gets an error response, never a crash; stdin's end closes every
 * connection (with a reset) and ends the agent. Nothing but responses is written to stdout.
 */
import { listeningSockets } from '../../host-os';
import { describePortHolders } from '../../server/port-holders';
import { AGENT_PROTOCOL_VERSION, errorToWire, fromBase64, parseRequest, toBase64, type AgentRequest, type AgentResponse } from './agent-protocol';
import type { ProbeConnection } from './connection';
import { jsonLine, readJsonLines } from './json-lines';
import { createLocalNetwork } from './local-network';

/** A 1 MiB message is 1.4 MB of base64; far more than any request needs. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const network = createLocalNetwork();
const connections = new Map<number, ProbeConnection>();
let nextConnection = 1;

function connection(id: number): ProbeConnection {
  const found = connections.get(id);
  if (!found) throw new Error(`no connection ${id}`);
  return found;
}

async function perform(request: AgentRequest): Promise<unknown> {
  switch (request.op) {
    case 'hello':
      return { version: AGENT_PROTOCOL_VERSION };
    case 'connect': {
      const opened = await network.connect(request.host, request.port, request.timeoutMs);
      const id = nextConnection++;
      connections.set(id, opened);
      return { connection: id };
    }
    case 'write':
      await connection(request.connection).write(fromBase64(request.data));
      return null;
    case 'writeTogether':
      await network.writeTogether(request.writes.map((write) => ({ connection: connection(write.connection), bytes: fromBase64(write.data) })));
      return null;
    case 'waitForData':
      return { arrived: await connection(request.connection).waitForData(request.timeoutMs) };
    case 'end':
      await connection(request.connection).end();
      return null;
    case 'readReply': {
      const reply = await connection(request.connection).readReply({ timeoutMs: request.timeoutMs, quietMs: request.quietMs });
      return { bytes: toBase64(reply.bytes), ending: reply.ending, elapsedMs: reply.elapsedMs, pieces: reply.pieces };
    }
    case 'waitForPeerClose':
      return { state: await connection(request.connection).waitForPeerClose(request.timeoutMs) };
    case 'finish': {
      const outcome = await connection(request.connection).finish({ finWaitMs: request.finWaitMs, graceMs: request.graceMs });
      connections.delete(request.connection);
      return outcome;
    }
    case 'abort':
      await connection(request.connection).abort();
      return null;
    case 'isListening': {
      const addresses = await listeningSockets(request.port);
      return { listening: addresses === null ? null : addresses.length > 0, addresses };
    }
    case 'portHolders':
      return { holders: await describePortHolders(request.port) };
    case 'close':
      await network.close();
      connections.clear();
      return null;
  }
}

function respond(response: AgentResponse): void {
  process.stdout.write(jsonLine(response));
}

async function handle(value: unknown, problem: string | null): Promise<void> {
  const parsed = problem === null ? parseRequest(value) : { id: null, problem };
  if (!('request' in parsed)) {
    respond({ id: parsed.id, ok: false, error: { name: 'BadRequest', message: parsed.problem } });
    return;
  }
  try {
    respond({ id: parsed.request.id, ok: true, result: await perform(parsed.request) });
  } catch (error) {
    respond({ id: parsed.request.id, ok: false, error: errorToWire(error) });
  }
}

// The checker went away: nobody is left to answer.
process.stdout.on('error', () => process.exit(0));

readJsonLines(process.stdin, MAX_REQUEST_BYTES, {
  line: (value, problem) => void handle(value, problem),
  end: () => {
    void network.close().finally(() => process.exit(0));
  },
});
