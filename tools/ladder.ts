/**
 * What each segment of a connection means, for a ladder diagram: its label (flags, relative
 * seq/ack, length), what its payload says (the client's message, the server's reply lines),
 * whether it is a reset, a retransmission or a zero window, and the protocol events it marks:
 * a message completed by its LF, by the quiet period or by a half-close, the handshake, the
 * closes. Everything here is read off the capture; nothing is assumed about who sent what.
 */
import { DEFAULT_QUIET_PERIOD_MS, renderPreview } from '../protocol';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './tcp-segment';
import type { ConnectionPacket, Endpoint, TcpConnection } from './tcp-connections';

export type ArrowKind = 'reset' | 'retransmission' | 'zero-window';

export interface LadderArrow {
  packet: ConnectionPacket;
  fromClient: boolean;
  kinds: ArrowKind[];
  /** Flags, relative seq and ack, and length: "PSH+ACK seq=1 ack=1 len=11". */
  label: string;
  /** The payload, escaped: the client's as a short preview, the server's as its reply lines. */
  text: string[];
  /** The protocol events this segment marks, e.g. "message 1 complete (LF)". */
  notes: string[];
}

/** Something that happened outside the capture (a signal, from a log) at a time in the connection. */
export interface LadderEvent {
  timeMs: number;
  text: string;
}

export interface Ladder {
  client: Endpoint;
  server: Endpoint;
  sawHandshake: boolean;
  arrows: LadderArrow[];
  events: LadderEvent[];
}

/** Unterminated bytes answered after this much silence were answered by the quiet period (150 ms by default). */
const QUIET_ANSWER_MS = (DEFAULT_QUIET_PERIOD_MS * 2) / 3;
const CLIENT_PREVIEW_CHARS = 24;
const REPLY_CHARS = 56;
const REPLY_LINES = 3;
const LF = 0x0a;

const side = (fromClient: boolean): string => (fromClient ? 'client' : 'server');
const numbered = (what: string, first: number, last: number): string => (first === last ? `${what} ${first}` : `${what}s ${first}–${last}`);

function segmentLabel(packet: ConnectionPacket): string {
  const ack = packet.ack === undefined ? '' : ` ack=${packet.ack}`;
  const window = packet.window === 0 && !(packet.flagBits & TCP_RST) ? ' win=0' : '';
  return `${packet.flags} seq=${packet.seq}${ack}${window} len=${packet.length}`;
}

/** The payload as the diagram shows it. */
function payloadText(packet: ConnectionPacket, fromClient: boolean): string[] {
  if (packet.length === 0) return [];
  if (fromClient) return [`"${renderPreview(packet.payload.subarray(0, 64), packet.length, CLIENT_PREVIEW_CHARS)}"`];
  const lines: string[] = [];
  let start = 0;
  while (start < packet.payload.length) {
    const lf = packet.payload.indexOf(LF, start);
    const end = lf === -1 ? packet.payload.length : lf + 1;
    const total = lf === -1 ? packet.length - start : end - start;
    lines.push(`"${renderPreview(packet.payload.subarray(start, end), total, REPLY_CHARS)}"`);
    start = end;
  }
  if (lines.length <= REPLY_LINES) return lines;
  return [...lines.slice(0, REPLY_LINES - 1), `… and ${lines.length - REPLY_LINES + 1} more lines`];
}

const countLineFeeds = (payload: Buffer): number => payload.reduce((count, byte) => count + (byte === LF ? 1 : 0), 0);

/** Follows the connection segment by segment, as each side's TCP and the protocol see it. */
export function ladderOf(connection: TcpConnection, events: readonly LadderEvent[] = []): Ladder {
  /** Each side's next sequence number: the end of what it has sent so far. */
  const sentUpTo = new Map<boolean, number>();
  let messages = 0;
  let pending = 0;
  let lastClientDataMs = 0;
  let synAckSeen = false;
  let handshakeDone = false;
  const fins: string[] = [];

  const arrows = connection.packets.map((packet): LadderArrow => {
    const fromClient = packet.direction === 'client → server';
    const me = side(fromClient);
    const kinds: ArrowKind[] = [];
    const notes: string[] = [];
    const syn = packet.flagBits & TCP_SYN;
    const fin = packet.flagBits & TCP_FIN;
    const rst = packet.flagBits & TCP_RST;

    // A segment that takes sequence space below what its side already sent is sent again.
    const space = packet.length + (syn ? 1 : 0) + (fin ? 1 : 0);
    const sent = sentUpTo.get(fromClient);
    const retransmitted = space > 0 && sent !== undefined && packet.seq < sent;
    if (retransmitted) kinds.push('retransmission');
    sentUpTo.set(fromClient, Math.max(sent ?? 0, packet.seq + space));
    if (rst) kinds.push('reset');
    if (packet.window === 0 && !rst) kinds.push('zero-window');

    if (syn && packet.flagBits & TCP_ACK) synAckSeen = true;
    if (fromClient && synAckSeen && !handshakeDone && !syn && packet.flagBits & TCP_ACK) {
      handshakeDone = true;
      notes.push('handshake complete');
    }
    if (retransmitted) notes.push(`retransmission: seq ${packet.seq} sent again`);

    if (!retransmitted && packet.length > 0) {
      if (fromClient) {
        const lineFeeds = countLineFeeds(packet.payload);
        if (lineFeeds > 0) {
          notes.push(`${numbered('message', messages + 1, messages + lineFeeds)} complete (LF)`);
          messages += lineFeeds;
          pending = packet.length - (packet.payload.lastIndexOf(LF) + 1);
        } else {
          pending += packet.length;
        }
        lastClientDataMs = packet.timeMs;
      } else if (pending > 0 && !fins.includes('client')) {
        const silence = packet.timeMs - lastClientDataMs;
        if (silence >= QUIET_ANSWER_MS) {
          messages++;
          pending = 0;
          notes.push(`message ${messages} answered after quiet period (${silence.toFixed(0)} ms without data)`);
        }
      }
    }
    if (packet.window === 0 && !rst) notes.push(`zero window: the ${me}'s receive buffer is full`);

    if (fin && !retransmitted) {
      if (fromClient && pending > 0) {
        messages++;
        pending = 0;
        notes.push(`message ${messages} complete (FIN)`);
      }
      fins.push(me);
      notes.push(fins.length === 1 ? `half-close: the ${me} sends no more` : `close: the ${fins[0]} (first FIN) goes to TIME_WAIT`);
    }
    if (rst) {
      const refused = !fromClient && !synAckSeen;
      notes.push(refused ? 'reset: nothing listens on this port' : `reset by the ${me}: the connection ends at once, no TIME_WAIT`);
    }
    return { packet, fromClient, kinds, label: segmentLabel(packet), text: payloadText(packet, fromClient), notes };
  });

  return { client: connection.client, server: connection.server, sawHandshake: connection.sawHandshake, arrows, events: [...events] };
}
