/**
 * The probe agent's wire format: the ProbeNetwork and ProbeConnection calls as JSON lines.
 *
 *   request   {"id": 7, "op": "write", "connection": 2, "data": "<base64>"}
 *   response  {"id": 7, "ok": true, "result": null}
 *             {"id": 7, "ok": false, "error": {"name": "ConnectError", "reason": "refused", "message": "..."}}
 *
 * Bytes travel as base64. Responses come in the order calls finish, not the order they were
 * made: a readReply that waits does not hold up a write on another connection.
 *
 * The checker asks `hello` before anything else and stops with one line when the agent (an
 * older probe image) speaks another version: an op it lacks would otherwise fail mid-check.
 * Version 2 added hello, finish (the polite close), writeTogether and what waitForData saw.
 * isListening's answer also says which local addresses listen (a server bound to 127.0.1.1 is
 * reached there); an agent without that field is taken as listening on the loopback, as before.
 */
import { ConnectionLost, type ConnectionLostKind } from './connection-lost';
import { ConnectError, type Arrival, type ArrivedPiece, type ConnectFailure, type FinishOutcome, type PeerState, type ReplyEnding } from './connection';

/** The version of this wire format; the agent and the checker must speak the same one. */
export const AGENT_PROTOCOL_VERSION = 2;
import type { PortHolders } from '../../server/port-holders';

export type AgentRequest =
  | { id: number; op: 'hello' }
  | { id: number; op: 'connect'; host: string; port: number; timeoutMs: number }
  | { id: number; op: 'write'; connection: number; data: string }
  | { id: number; op: 'writeTogether'; writes: Array<{ connection: number; data: string }> }
  | { id: number; op: 'waitForData'; connection: number; timeoutMs: number }
  | { id: number; op: 'end'; connection: number }
  | { id: number; op: 'readReply'; connection: number; timeoutMs: number; quietMs: number }
  | { id: number; op: 'waitForPeerClose'; connection: number; timeoutMs: number }
  | { id: number; op: 'finish'; connection: number; finWaitMs: number; graceMs: number }
  | { id: number; op: 'abort'; connection: number }
  | { id: number; op: 'isListening'; port: number }
  | { id: number; op: 'portHolders'; port: number }
  | { id: number; op: 'close' };

export type AgentOp = AgentRequest['op'];

/** What each op's successful response carries. */
export interface AgentResults {
  hello: { version: number };
  connect: { connection: number };
  write: null;
  writeTogether: null;
  waitForData: { arrived: Arrival };
  end: null;
  readReply: { bytes: string; ending: ReplyEnding; elapsedMs: number; pieces?: ArrivedPiece[] };
  waitForPeerClose: { state: PeerState };
  finish: FinishOutcome;
  abort: null;
  isListening: { listening: boolean | null; addresses?: string[] | null };
  portHolders: { holders: PortHolders | null };
  close: null;
}

export interface WireError {
  name: string;
  reason?: ConnectFailure;
  /** A ConnectionLost's facts, so the checker's trace can say them in its reader's language. */
  kind?: ConnectionLostKind;
  osError?: string | null;
  message: string;
}

export type AgentResponse = { id: number | null; ok: true; result: unknown } | { id: number | null; ok: false; error: WireError };

/** The fields each op needs besides id and op, and whether each is a string or a number. */
const FIELDS: Record<AgentOp, Record<string, 'string' | 'number'>> = {
  hello: {},
  connect: { host: 'string', port: 'number', timeoutMs: 'number' },
  write: { connection: 'number', data: 'string' },
  writeTogether: {},
  waitForData: { connection: 'number', timeoutMs: 'number' },
  end: { connection: 'number' },
  readReply: { connection: 'number', timeoutMs: 'number', quietMs: 'number' },
  waitForPeerClose: { connection: 'number', timeoutMs: 'number' },
  finish: { connection: 'number', finWaitMs: 'number', graceMs: 'number' },
  abort: { connection: 'number' },
  isListening: { port: 'number' },
  portHolders: { port: 'number' },
  close: {},
};

/** A request, or why the value is not one (with its id when it had a usable one). */
export function parseRequest(value: unknown): { request: AgentRequest } | { id: number | null; problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { id: null, problem: 'a request must be a JSON object' };
  const record = value as Record<string, unknown>;
  const id = Number.isSafeInteger(record.id) && (record.id as number) >= 0 ? (record.id as number) : null;
  if (id === null) return { id: null, problem: 'a request needs "id", a whole number' };
  const op = record.op;
  if (typeof op !== 'string' || !Object.hasOwn(FIELDS, op)) return { id, problem: `unknown op ${JSON.stringify(op)}` };
  for (const [field, type] of Object.entries(FIELDS[op as AgentOp])) {
    const given = record[field];
    const fits = type === 'string' ? typeof given === 'string' : typeof given === 'number' && Number.isFinite(given) && given >= 0;
    if (!fits) return { id, problem: `op ${op} needs "${field}", ${type === 'string' ? 'a string' : 'a number of at least 0'}` };
  }
  if (op === 'writeTogether' && !isWriteList(record.writes)) return { id, problem: 'op writeTogether needs "writes", a list of {"connection": number, "data": string}' };
  return { request: record as AgentRequest };
}

function isWriteList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => {
      const write = item as Record<string, unknown> | null;
      return typeof write === 'object' && write !== null && Number.isSafeInteger(write.connection) && typeof write.data === 'string';
    })
  );
}

export function errorToWire(error: unknown): WireError {
  if (error instanceof ConnectError) return { name: 'ConnectError', reason: error.reason, message: error.message };
  if (error instanceof ConnectionLost) return { name: 'ConnectionLost', kind: error.kind, osError: error.osError, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The host's side: a ConnectError comes back as a ConnectError, with its reason; anything else as an Error. */
export function errorFromWire(wire: WireError): Error {
  if (wire.name === 'ConnectError' && wire.reason !== undefined) return new ConnectError(wire.reason, wire.message);
  if (wire.name === 'ConnectionLost' && wire.kind !== undefined) return new ConnectionLost(wire.kind, wire.osError ?? null);
  return new Error(wire.message);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'base64'));
}
