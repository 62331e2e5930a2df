/**
 * Capture files built byte by byte, as tcpdump and Wireshark write them: classic pcap (either
 * byte order, micro- or nanosecond times) and pcapng (sections in either byte order,
 * interfaces with their own link types, enhanced and simple packet blocks), carrying IPv4 or
 * IPv6 TCP segments behind every link layer the capture tools read.
 */
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../../tools/tcp-segment';

export interface Host {
  /** 4 bytes for IPv4, 16 for IPv6. */
  ip: number[];
  port: number;
}

export interface SyntheticPacket {
  timeUs: number;
  from: 'client' | 'server';
  flags: number;
  seq: number;
  ack: number;
  payload?: string;
  window?: number;
}

export const CLIENT: Host = { ip: [172, 27, 0, 3], port: 48738 };
export const SERVER: Host = { ip: [172, 27, 0, 2], port: 12345 };
export const CLIENT6: Host = { ip: [0x20, 0x01, 0x0d, 0xb8, ...Array<number>(11).fill(0), 3], port: 48740 };
export const SERVER6: Host = { ip: [0x20, 0x01, 0x0d, 0xb8, ...Array<number>(11).fill(0), 2], port: 12345 };

export const LINK = { NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

/** The IPv4 or IPv6 packet (by the address length) carrying one TCP segment. */
export function ipPacket(packet: SyntheticPacket, client: Host = CLIENT, server: Host = SERVER): Buffer {
  const payload = Buffer.from(packet.payload ?? '', 'utf8');
  const [src, dst] = packet.from === 'client' ? [client, server] : [server, client];
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(src.port, 0);
  tcp.writeUInt16BE(dst.port, 2);
  tcp.writeUInt32BE(packet.seq >>> 0, 4);
  tcp.writeUInt32BE(packet.ack >>> 0, 8);
  tcp[12] = 5 << 4;
  tcp[13] = packet.flags;
  tcp.writeUInt16BE(packet.window ?? 502, 14);
  if (src.ip.length === 16) {
    const ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(20 + payload.length, 4);
    ip[6] = 6;
    ip[7] = 64;
    ip.set(src.ip, 8);
    ip.set(dst.ip, 24);
    return Buffer.concat([ip, tcp, payload]);
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  ip.set(src.ip, 12);
  ip.set(dst.ip, 16);
  return Buffer.concat([ip, tcp, payload]);
}

/** The frame of `ip` behind each link layer (https://www.tcpdump.org/linktypes.html). */
export function frame(linkType: number, ip: Buffer): Buffer {
  const etherType = ip[0]! >> 4 === 6 ? 0x86dd : 0x0800;
  switch (linkType) {
    case LINK.ETHERNET: {
      const header = Buffer.alloc(14);
      header.writeUInt16BE(etherType, 12);
      return Buffer.concat([header, ip]);
    }
    case LINK.LINUX_SLL: {
      const header = Buffer.alloc(16);
      header.writeUInt16BE(0, 0); // sent to us
      header.writeUInt16BE(1, 2); // ARPHRD_ETHER
      header.writeUInt16BE(6, 4);
      header.writeUInt16BE(etherType, 14);
      return Buffer.concat([header, ip]);
    }
    case LINK.LINUX_SLL2: {
      const header = Buffer.alloc(20);
      header.writeUInt16BE(etherType, 0);
      header.writeUInt32BE(2, 4); // interface index
      header.writeUInt16BE(1, 8);
      header[11] = 6;
      return Buffer.concat([header, ip]);
    }
    case LINK.NULL: {
      // The family in the byte order of the machine that wrote it: little-endian here, as on x86 and ARM.
      const header = Buffer.alloc(4);
      header.writeUInt32LE(etherType === 0x86dd ? 30 : 2);
      return Buffer.concat([header, ip]);
    }
    case LINK.LOOP: {
      const header = Buffer.alloc(4);
      header.writeUInt32BE(etherType === 0x86dd ? 24 : 2);
      return Buffer.concat([header, ip]);
    }
    case LINK.RAW:
      return ip;
    default:
      throw new Error(`no frame for link type ${linkType}`);
  }
}

export interface TimedFrame {
  timeUs: number;
  data: Buffer;
}

export function records(packets: SyntheticPacket[], linkType: number, client?: Host, server?: Host): TimedFrame[] {
  return packets.map((packet) => ({ timeUs: packet.timeUs, data: frame(linkType, ipPacket(packet, client, server)) }));
}

/** A classic pcap, as tcpdump -w writes it. */
export function pcapFile(frames: TimedFrame[], linkType: number, options: { bigEndian?: boolean; nanoseconds?: boolean } = {}): Buffer {
  const u32 = (value: number): Buffer => {
    const bytes = Buffer.alloc(4);
    if (options.bigEndian) bytes.writeUInt32BE(value >>> 0);
    else bytes.writeUInt32LE(value >>> 0);
    return bytes;
  };
  const u16 = (value: number): Buffer => {
    const bytes = Buffer.alloc(2);
    if (options.bigEndian) bytes.writeUInt16BE(value);
    else bytes.writeUInt16LE(value);
    return bytes;
  };
  const header = Buffer.concat([u32(options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(262144), u32(linkType)]);
  const body = frames.map(({ timeUs, data }) => {
    const fraction = options.nanoseconds ? (timeUs % 1e6) * 1000 : timeUs % 1e6;
    return Buffer.concat([u32(Math.floor(timeUs / 1e6)), u32(fraction), u32(data.length), u32(data.length), data]);
  });
  return Buffer.concat([header, ...body]);
}

/** One pcapng block: type, total length, body padded to 4 bytes, total length again. */
function block(type: number, body: Buffer, bigEndian: boolean): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const length = padded.length + 12;
  const u32 = (value: number): Buffer => {
    const bytes = Buffer.alloc(4);
    if (bigEndian) bytes.writeUInt32BE(value);
    else bytes.writeUInt32LE(value);
    return bytes;
  };
  return Buffer.concat([u32(type), u32(length), padded, u32(length)]);
}

export interface PcapngInterface {
  linkType: number;
  /** if_tsresol: 6 (microseconds, the default) when absent; 9 is nanoseconds. */
  tsresol?: number;
}

export interface PcapngPacket extends TimedFrame {
  interfaceId: number;
  /** A simple packet block: no time, always interface 0. */
  simple?: boolean;
}

/** One pcapng section, as Wireshark saves it: section header, interfaces, packets (and a name resolution block to skip). */
export function pcapngSection(interfaces: PcapngInterface[], packets: PcapngPacket[], bigEndian = false): Buffer {
  const writer = (size: number, write: (bytes: Buffer) => void): Buffer => {
    const bytes = Buffer.alloc(size);
    write(bytes);
    return bytes;
  };
  const u16 = (value: number): Buffer => writer(2, (b) => (bigEndian ? b.writeUInt16BE(value) : b.writeUInt16LE(value)));
  const u32 = (value: number): Buffer => writer(4, (b) => (bigEndian ? b.writeUInt32BE(value >>> 0) : b.writeUInt32LE(value >>> 0)));
  const sectionHeader = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]), bigEndian);
  const interfaceBlocks = interfaces.map(({ linkType, tsresol }) => {
    const options = tsresol === undefined ? Buffer.alloc(0) : Buffer.concat([u16(9), u16(1), Buffer.from([tsresol, 0, 0, 0]), u16(0), u16(0)]);
    return block(1, Buffer.concat([u16(linkType), u16(0), u32(262144), options]), bigEndian);
  });
  const nameResolution = block(4, Buffer.concat([u16(0), u16(0)]), bigEndian);
  const packetBlocks = packets.map(({ interfaceId, timeUs, data, simple }) => {
    if (simple) return block(3, Buffer.concat([u32(data.length), data]), bigEndian);
    const units = BigInt(timeUs) * (interfaces[interfaceId]?.tsresol === 9 ? 1000n : 1n);
    return block(6, Buffer.concat([u32(interfaceId), u32(Number(units >> 32n)), u32(Number(units & 0xffffffffn)), u32(data.length), u32(data.length), data]), bigEndian);
  });
  return Buffer.concat([sectionHeader, ...interfaceBlocks, nameResolution, ...packetBlocks]);
}

export const T0 = 1_700_000_000_000_000;
const CLIENT_ISN = 0xfffffff0; // wraps around 2^32 during the session
const SERVER_ISN = 1_000_000;

/** The lab session as the capture profile records it: handshake, "Halo dunia\n", its reply, a FIN from each side. */
export const SESSION: SyntheticPacket[] = [
  { timeUs: T0, from: 'client', flags: TCP_SYN, seq: CLIENT_ISN, ack: 0 },
  { timeUs: T0 + 50, from: 'server', flags: TCP_SYN | TCP_ACK, seq: SERVER_ISN, ack: CLIENT_ISN + 1 },
  { timeUs: T0 + 83, from: 'client', flags: TCP_ACK, seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1 },
  { timeUs: T0 + 1687, from: 'client', flags: TCP_PSH | TCP_ACK, seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1, payload: 'Halo dunia\n' },
  { timeUs: T0 + 2224, from: 'server', flags: TCP_PSH | TCP_ACK, seq: SERVER_ISN + 1, ack: CLIENT_ISN + 12, payload: 'Jumlah karakter dalam kalimat tersebut adalah 10\n' },
  { timeUs: T0 + 3972, from: 'client', flags: TCP_FIN | TCP_ACK, seq: CLIENT_ISN + 12, ack: SERVER_ISN + 50 },
  { timeUs: T0 + 4248, from: 'server', flags: TCP_FIN | TCP_ACK, seq: SERVER_ISN + 50, ack: CLIENT_ISN + 13 },
  { timeUs: T0 + 4311, from: 'client', flags: TCP_ACK, seq: CLIENT_ISN + 13, ack: SERVER_ISN + 51 },
];

export { CLIENT_ISN, SERVER_ISN };
