import { describeFlags, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './tcp-segment';

export interface Endpoint {
  address: string;
  port: number;
}

export type Direction = 'client → server' | 'server → client';

export interface ConnectionPacket {
  index: number;
  /** Milliseconds since the connection's first packet. */
  timeMs: number;
  direction: Direction;
  flags: string;
  /** Sequence and acknowledgement numbers relative to each side's first one, as Wireshark shows them. */
  seq: number;
  ack: number | undefined;
  /** The raw TCP flag bits, for what `flags` names. */
  flagBits: number;
  /** The receive window as sent (unscaled). */
  window: number;
  /** The payload bytes captured, and the payload's length on the wire (more when the snapshot length cut it). */
  payload: Buffer;
  length: number;
}

export interface TcpConnection {
  client: Endpoint;
  server: Endpoint;
  /** False when the capture started after the SYN: then the numbers are relative to the first packet seen. */
  sawHandshake: boolean;
  packets: ConnectionPacket[];
  /** Who sent the first FIN (the active close, which ends in TIME_WAIT), if anyone did. */
  firstFin: { side: 'client' | 'server'; index: number } | undefined;
  reset: { side: 'client' | 'server'; index: number } | undefined;
}

const key = (address: string, port: number): string => `${address}|${port}`;

/**
 * Groups TCP segments into connections, in the order their first packets appear. The client
 * is the side that sent the SYN; without a SYN in the capture, the side with the higher port.
 * A new SYN on the same ports after a FIN or RST is a new connection (a client port used again).
 */
export function tcpConnections(segments: readonly TcpSegment[]): TcpConnection[] {
  const open = new Map<string, { segments: TcpSegment[]; ended: boolean }>();
  const groups: TcpSegment[][] = [];
  for (const segment of segments) {
    const id = [key(segment.src, segment.srcPort), key(segment.dst, segment.dstPort)].sort().join(' ');
    const isNewSyn = segment.flags & TCP_SYN && !(segment.flags & TCP_ACK);
    let group = open.get(id);
    if (!group || (group.ended && isNewSyn)) {
      group = { segments: [], ended: false };
      open.set(id, group);
      groups.push(group.segments);
    }
    group.segments.push(segment);
    if (segment.flags & (TCP_FIN | TCP_RST)) group.ended = true;
  }
  return groups.map(describeConnection);
}

function describeConnection(segments: TcpSegment[]): TcpConnection {
  const first = segments[0]!;
  const syn = segments.find((s) => s.flags & TCP_SYN && !(s.flags & TCP_ACK));
  const clientIsSource = syn ? syn === first || (syn.src === first.src && syn.srcPort === first.srcPort) : first.srcPort > first.dstPort;
  const client: Endpoint = clientIsSource ? { address: first.src, port: first.srcPort } : { address: first.dst, port: first.dstPort };
  const server: Endpoint = clientIsSource ? { address: first.dst, port: first.dstPort } : { address: first.src, port: first.srcPort };
  const fromClient = (s: TcpSegment): boolean => s.src === client.address && s.srcPort === client.port;

  const initialSeq = (side: (s: TcpSegment) => boolean): number | undefined => segments.find(side)?.seq;
  const clientIsn = initialSeq(fromClient);
  const serverIsn = initialSeq((s) => !fromClient(s));
  const relative = (value: number, base: number | undefined): number => (base === undefined ? value : (value - base) >>> 0);

  const packets = segments.map((s): ConnectionPacket => {
    const mine = fromClient(s) ? clientIsn : serverIsn;
    const theirs = fromClient(s) ? serverIsn : clientIsn;
    return {
      index: s.index,
      timeMs: (s.timeUs - first.timeUs) / 1000,
      direction: fromClient(s) ? 'client → server' : 'server → client',
      flags: describeFlags(s.flags),
      seq: relative(s.seq, mine),
      ack: s.flags & TCP_ACK ? relative(s.ack, theirs) : undefined,
      flagBits: s.flags,
      window: s.window,
      payload: s.payload,
      length: s.length,
    };
  });
  const sideOf = (s: TcpSegment): 'client' | 'server' => (fromClient(s) ? 'client' : 'server');
  const fin = segments.find((s) => s.flags & TCP_FIN);
  const rst = segments.find((s) => s.flags & TCP_RST);
  return {
    client,
    server,
    sawHandshake: syn !== undefined,
    packets,
    firstFin: fin && { side: sideOf(fin), index: fin.index },
    reset: rst && { side: sideOf(rst), index: rst.index },
  };
}
