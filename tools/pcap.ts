/**
 * Just enough of the classic pcap format (what tcpdump -w writes) to find TCP segments:
 * https://www.tcpdump.org/manpages/pcap-savefile.5.html and https://www.tcpdump.org/linktypes.html
 */

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface TcpSegment {
  /** 1-based packet number in the file, as Wireshark numbers them. */
  index: number;
  /** Capture time in microseconds since the epoch. */
  timeUs: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  payload: Buffer;
}

export interface Capture {
  linkType: number;
  segments: TcpSegment[];
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_LINUX_SLL2 = 276;

export function parsePcap(file: Buffer): Capture {
  if (file.length < 24) throw new Error(`not a pcap file: only ${file.length} bytes`);
  const magic = file.readUInt32LE(0);
  let littleEndian: boolean;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) littleEndian = true;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) littleEndian = false;
  else throw new Error(`not a pcap file: magic 0x${magic.toString(16)}`);
  const nanoseconds = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (offset: number): number => (littleEndian ? file.readUInt32LE(offset) : file.readUInt32BE(offset));
  const linkType = u32(20) & 0x0fffffff;

  const segments: TcpSegment[] = [];
  let index = 1;
  for (let offset = 24; offset + 16 <= file.length; index++) {
    const timeUs = u32(offset) * 1e6 + (nanoseconds ? Math.floor(u32(offset + 4) / 1000) : u32(offset + 4));
    const capturedLength = u32(offset + 8);
    const frame = file.subarray(offset + 16, offset + 16 + capturedLength);
    offset += 16 + capturedLength;
    const network = networkLayer(linkType, frame);
    if (!network) continue;
    const segment = tcpSegment(network.etherType, network.packet, index, timeUs);
    if (segment) segments.push(segment);
  }
  return { linkType, segments };
}

function networkLayer(linkType: number, frame: Buffer): { etherType: number; packet: Buffer } | null {
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      let offset = 12;
      let etherType = frame.readUInt16BE(offset);
      while (etherType === 0x8100 || etherType === 0x88a8) {
        offset += 4;
        etherType = frame.readUInt16BE(offset);
      }
      return { etherType, packet: frame.subarray(offset + 2) };
    }
    case LINKTYPE_LINUX_SLL:
      return { etherType: frame.readUInt16BE(14), packet: frame.subarray(16) };
    case LINKTYPE_LINUX_SLL2:
      return { etherType: frame.readUInt16BE(0), packet: frame.subarray(20) };
    case LINKTYPE_RAW:
      return { etherType: frame[0]! >> 4 === 6 ? 0x86dd : 0x0800, packet: frame };
    default:
      throw new Error(`unsupported pcap link type ${linkType}`);
  }
}

function tcpSegment(etherType: number, packet: Buffer, index: number, timeUs: number): TcpSegment | null {
  let src: string, dst: string, tcp: Buffer;
  if (etherType === 0x0800 && packet.length >= 20 && packet[0]! >> 4 === 4) {
    if (packet[9] !== 6) return null;
    const headerLength = (packet[0]! & 0x0f) * 4;
    const totalLength = packet.readUInt16BE(2);
    src = [...packet.subarray(12, 16)].join('.');
    dst = [...packet.subarray(16, 20)].join('.');
    tcp = packet.subarray(headerLength, totalLength); // ignores Ethernet padding
  } else if (etherType === 0x86dd && packet.length >= 40 && packet[0]! >> 4 === 6) {
    if (packet[6] !== 6) return null; // extension headers do not occur on this path
    const payloadLength = packet.readUInt16BE(4);
    src = ipv6(packet.subarray(8, 24));
    dst = ipv6(packet.subarray(24, 40));
    tcp = packet.subarray(40, 40 + payloadLength);
  } else {
    return null;
  }
  if (tcp.length < 20) return null;
  const dataOffset = (tcp[12]! >> 4) * 4;
  return {
    index,
    timeUs,
    src,
    dst,
    srcPort: tcp.readUInt16BE(0),
    dstPort: tcp.readUInt16BE(2),
    seq: tcp.readUInt32BE(4),
    ack: tcp.readUInt32BE(8),
    flags: tcp[13]!,
    payload: tcp.subarray(dataOffset),
  };
}

function ipv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

/** Flag names in Wireshark's order: SYN+ACK, PSH+ACK, FIN+ACK, RST+ACK. */
export function describeFlags(flags: number): string {
  const names: [number, string][] = [[TCP_SYN, 'SYN'], [TCP_FIN, 'FIN'], [TCP_RST, 'RST'], [TCP_PSH, 'PSH'], [TCP_ACK, 'ACK']];
  return names.filter(([bit]) => flags & bit).map(([, name]) => name).join('+') || 'none';
}
