/**
 * One captured frame down to its TCP segment: the link layer (the capture file's link type,
 * https://www.tcpdump.org/linktypes.html), IPv4 or IPv6, then the TCP header. Anything else
 * (ARP, UDP, a frame cut by the snapshot length inside a header) is not a segment.
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
  /** The receive window as sent (unscaled): 0 is a zero window whatever the scale. */
  window: number;
  /** The payload bytes the capture kept (fewer than `length` when the snapshot length cut them). */
  payload: Buffer;
  /** The payload's length on the wire, from the IP header. */
  length: number;
}

/** A frame as a capture file holds it. */
export interface CapturedFrame {
  index: number;
  timeUs: number;
  linkType: number;
  data: Buffer;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

/** Where the IP packet starts in a frame of each link type this tool reads, or null when the frame carries no IP. */
const LINK_LAYERS: Record<number, { name: string; ipPacket(frame: Buffer): Buffer | null }> = {
  0: { name: 'null/loopback (BSD, macOS lo0)', ipPacket: (frame) => frame.subarray(4) },
  1: { name: 'Ethernet', ipPacket: ethernetPayload },
  101: { name: 'raw IP', ipPacket: (frame) => frame },
  108: { name: 'loopback (OpenBSD)', ipPacket: (frame) => frame.subarray(4) },
  113: { name: 'Linux cooked v1 (tcpdump -i any)', ipPacket: (frame) => etherTypePayload(frame, 14, 16) },
  228: { name: 'raw IPv4', ipPacket: (frame) => frame },
  229: { name: 'raw IPv6', ipPacket: (frame) => frame },
  276: { name: 'Linux cooked v2 (tcpdump -i any)', ipPacket: (frame) => etherTypePayload(frame, 0, 20) },
};

export function isReadableLinkType(linkType: number): boolean {
  return linkType in LINK_LAYERS;
}

export function linkTypeName(linkType: number): string {
  return LINK_LAYERS[linkType]?.name ?? `link type ${linkType}`;
}

/** The link types above, for messages. */
export const READABLE_LINK_TYPES = 'Ethernet, Linux cooked v1 and v2 (tcpdump -i any), BSD/macOS null and OpenBSD loopback, raw IP';

function etherTypePayload(frame: Buffer, typeOffset: number, headerLength: number): Buffer | null {
  if (frame.length < headerLength) return null;
  const etherType = frame.readUInt16BE(typeOffset);
  return etherType === ETHERTYPE_IPV4 || etherType === ETHERTYPE_IPV6 ? frame.subarray(headerLength) : null;
}

function ethernetPayload(frame: Buffer): Buffer | null {
  let offset = 12;
  while (offset + 2 <= frame.length && VLAN_TAGS.has(frame.readUInt16BE(offset))) offset += 4;
  return etherTypePayload(frame, offset, offset + 2);
}

/** The frame's TCP segment, or null when it has none; never throws, whatever the bytes. */
export function tcpSegmentOf(frame: CapturedFrame): TcpSegment | null {
  const layer = LINK_LAYERS[frame.linkType];
  const packet = layer?.ipPacket(frame.data);
  if (!packet || packet.length < 1) return null;
  const ip = packet[0]! >> 4 === 4 ? ipv4(packet) : packet[0]! >> 4 === 6 ? ipv6(packet) : null;
  if (!ip || ip.tcp.length < 20) return null;
  const { tcp } = ip;
  const dataOffset = (tcp[12]! >> 4) * 4;
  if (dataOffset < 20 || dataOffset > tcp.length) return null;
  return {
    index: frame.index,
    timeUs: frame.timeUs,
    src: ip.src,
    dst: ip.dst,
    srcPort: tcp.readUInt16BE(0),
    dstPort: tcp.readUInt16BE(2),
    seq: tcp.readUInt32BE(4),
    ack: tcp.readUInt32BE(8),
    flags: tcp[13]!,
    window: tcp.readUInt16BE(14),
    payload: tcp.subarray(dataOffset),
    length: Math.max(0, ip.tcpLength - dataOffset),
  };
}

interface IpLayer {
  src: string;
  dst: string;
  /** The TCP bytes the capture kept. */
  tcp: Buffer;
  /** The TCP segment's length on the wire. */
  tcpLength: number;
}

function ipv4(packet: Buffer): IpLayer | null {
  const headerLength = (packet[0]! & 0x0f) * 4;
  if (headerLength < 20 || packet.length < headerLength || packet[9] !== 6) return null;
  if ((packet.readUInt16BE(6) & 0x1fff) !== 0) return null; // a later fragment: no TCP header in it
  // Segmentation offload can leave 0 here in a capture on the sending host: the packet is what was captured.
  const totalLength = packet.readUInt16BE(2) || packet.length;
  return {
    src: [...packet.subarray(12, 16)].join('.'),
    dst: [...packet.subarray(16, 20)].join('.'),
    tcp: packet.subarray(headerLength, totalLength), // ignores Ethernet padding
    tcpLength: totalLength - headerLength,
  };
}

const IPV6_EXTENSION_HEADERS = new Set([0, 43, 60]);

function ipv6(packet: Buffer): IpLayer | null {
  if (packet.length < 40) return null;
  const end = 40 + packet.readUInt16BE(4);
  let next = packet[6]!;
  let offset = 40;
  while (IPV6_EXTENSION_HEADERS.has(next) && offset + 8 <= packet.length) {
    next = packet[offset]!;
    offset += (packet[offset + 1]! + 1) * 8;
  }
  if (next !== 6) return null;
  return { src: ipv6Address(packet.subarray(8, 24)), dst: ipv6Address(packet.subarray(24, 40)), tcp: packet.subarray(offset, end), tcpLength: end - offset };
}

function ipv6Address(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  // The longest run of zero groups becomes "::", as every tool prints IPv6 addresses.
  const text = groups.join(':');
  const runs = text.match(/(?:^|:)0(?::0)+(?::|$)/g) ?? [];
  const longest = runs.reduce((best, run) => (run.length > best.length ? run : best), '');
  return longest ? text.replace(longest, '::') : text;
}

/** Flag names in Wireshark's order: SYN+ACK, PSH+ACK, FIN+ACK, RST+ACK. */
export function describeFlags(flags: number): string {
  const names: [number, string][] = [[TCP_SYN, 'SYN'], [TCP_FIN, 'FIN'], [TCP_RST, 'RST'], [TCP_PSH, 'PSH'], [TCP_ACK, 'ACK']];
  return names.filter(([bit]) => flags & bit).map(([, name]) => name).join('+') || 'none';
}
