/**
 * A ProbeNetwork on the checker's side that forwards every call to a probe agent (agent.ts)
 * over a pair of streams, its stdin and stdout: the agent makes the real connections inside
 * the submission's network namespace. Stages cannot tell it from the local network: the same
 * results, and a ConnectError with its reason when a connection is refused.
 */
import type { PortHolders } from '../../server/port-holders';
import { AGENT_PROTOCOL_VERSION, errorFromWire, fromBase64, toBase64, type AgentOp, type AgentRequest, type AgentResults, type WireError } from './agent-protocol';
import type { Arrival, FinishOutcome, FinishTiming, PeerState, ProbeConnection, ProbeNetwork, ReadReplyOptions, ReplyRead } from './connection';
import { ProbeAgentGone, type AgentGoneKind } from './connection-lost';
import { jsonLine, readJsonLines } from './json-lines';

/** A reply the agent read is base64 in one line; a server may send a lot before the read ends. */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export interface AgentTransport {
  /** What the agent writes: its responses (its stdout). */
  responses: NodeJS.ReadableStream;
  /** What the agent reads: the requests (its stdin). */
  requests: NodeJS.WritableStream;
}

export interface RemoteNetwork extends Required<ProbeNetwork> {
  /** What holds the port in the agent's namespace: listeners, and connections in TIME_WAIT. */
  portHolders(port: number): Promise<PortHolders | null>;
  /** The local addresses listening on the port in the agent's namespace ("127.0.0.1", "127.0.1.1", "::"); null when they cannot be told. */
  listeningAddresses(port: number): Promise<string[] | null>;
}

type Params<Op extends AgentOp> = Omit<Extract<AgentRequest, { op: Op }>, 'id' | 'op'>;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

class AgentClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopped: ProbeAgentGone | null = null;

  constructor(private readonly transport: AgentTransport) {
    readJsonLines(transport.responses, MAX_RESPONSE_BYTES, {
      line: (value, problem) => this.receive(value, problem),
      end: (reason, failure) => this.stop(failure === undefined ? 'ended' : 'failed', failure?.message ?? reason),
    });
    transport.requests.on('error', (error: Error) => this.stop('failed', error.message));
  }

  call<Op extends AgentOp>(op: Op, params: Params<Op>): Promise<AgentResults[Op]> {
    if (this.stopped !== null) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.transport.requests.write(jsonLine({ id, op, ...params }));
    });
  }

  /** Ends the agent's input, which ends the agent; calls still waiting fail. */
  end(): void {
    if (this.stopped === null) this.transport.requests.end();
    this.stop('closed', 'the checker closed it');
  }

  private receive(value: unknown, problem: string | null): void {
    const response = value as { id?: unknown; ok?: unknown; result?: unknown; error?: WireError } | undefined;
    const waiting = typeof response?.id === 'number' ? this.pending.get(response.id) : undefined;
    if (problem !== null || !waiting) {
      // The agent writes nothing but answers to our calls: anything else means it is broken.
      this.stop('garbled', problem ?? JSON.stringify(value).slice(0, 200));
      return;
    }
    this.pending.delete(response!.id as number);
    if (response!.ok === true) waiting.resolve(response!.result);
    else waiting.reject(errorFromWire(response!.error ?? { name: 'Error', message: 'the probe agent gave no reason' }));
  }

  private stop(kind: AgentGoneKind, detail: string): void {
    if (this.stopped !== null) return;
    this.stopped = new ProbeAgentGone(kind, detail);
    for (const waiting of this.pending.values()) waiting.reject(this.stopped);
    this.pending.clear();
  }
}

class RemoteConnection implements ProbeConnection {
  constructor(
    private readonly agent: AgentClient,
    /** The agent's number for this connection. */
    readonly connection: number,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    await this.agent.call('write', { connection: this.connection, data: toBase64(bytes) });
  }

  async waitForData(timeoutMs: number): Promise<Arrival> {
    return (await this.agent.call('waitForData', { connection: this.connection, timeoutMs })).arrived;
  }

  async end(): Promise<void> {
    await this.agent.call('end', { connection: this.connection });
  }

  async readReply({ timeoutMs, quietMs }: ReadReplyOptions): Promise<ReplyRead> {
    const reply = await this.agent.call('readReply', { connection: this.connection, timeoutMs, quietMs });
    // The agent's times are from its own read's start, which is this call's less the trip to it.
    return { bytes: fromBase64(reply.bytes), ending: reply.ending, elapsedMs: reply.elapsedMs, pieces: reply.pieces };
  }

  async waitForPeerClose(timeoutMs: number): Promise<PeerState> {
    return (await this.agent.call('waitForPeerClose', { connection: this.connection, timeoutMs })).state;
  }

  async finish({ finWaitMs, graceMs }: FinishTiming): Promise<FinishOutcome> {
    return this.agent.call('finish', { connection: this.connection, finWaitMs, graceMs });
  }

  async abort(): Promise<void> {
    await this.agent.call('abort', { connection: this.connection });
  }
}

/** The probe agent speaks another version of the wire format: its image is older (or newer) than this checker. */
export class ProbeAgentMismatch extends Error {
  constructor(
    readonly agentVersion: number,
    readonly checkerVersion: number,
  ) {
    super(`the probe image speaks probe protocol ${agentVersion}, this checker ${checkerVersion}`);
  }
}

/** Asks the agent its version once; an agent too old to know `hello` answers "unknown op". */
async function checkVersion(agent: AgentClient): Promise<void> {
  const version = await agent.call('hello', {}).then(
    (answer) => answer.version,
    (error: Error) => {
      if (/unknown op/.test(error.message)) return 1;
      throw error;
    },
  );
  if (version !== AGENT_PROTOCOL_VERSION) {
    throw new ProbeAgentMismatch(version, AGENT_PROTOCOL_VERSION);
  }
}

export function createRemoteNetwork(transport: AgentTransport): RemoteNetwork {
  const agent = new AgentClient(transport);
  let closing: Promise<void> | null = null;
  let versionChecked: Promise<void> | null = null;
  return {
    async connect(host, port, timeoutMs) {
      await (versionChecked ??= checkVersion(agent));
      const { connection } = await agent.call('connect', { host, port, timeoutMs });
      return new RemoteConnection(agent, connection);
    },
    async writeTogether(writes) {
      const wire = writes.map(({ connection, bytes }) => {
        if (!(connection instanceof RemoteConnection)) throw new Error('writeTogether takes only connections of this network');
        return { connection: connection.connection, data: toBase64(bytes) };
      });
      await agent.call('writeTogether', { writes: wire });
    },
    async isListening(port) {
      return (await agent.call('isListening', { port })).listening;
    },
    async listeningAddresses(port) {
      const { listening, addresses } = await agent.call('isListening', { port });
      // An agent that does not name the addresses listened where the probes always connected.
      return addresses !== undefined ? addresses : listening === null ? null : listening ? ['127.0.0.1'] : [];
    },
    async portHolders(port) {
      return (await agent.call('portHolders', { port })).holders;
    },
    close() {
      closing ??= agent
        .call('close', {})
        .catch(() => undefined)
        .then(() => agent.end());
      return closing;
    },
  };
}
