/**
 * What capture-report reads: classic pcap and pcapng, every link type tcpdump and Wireshark
 * write on the machines students have (Ethernet, Linux cooked v1 and v2 from `tcpdump -i any`,
 * BSD/macOS null and OpenBSD loopback, raw IP), IPv4 and IPv6; and for anything else (not a
 * capture, cut short, no TCP) one message saying what it found, never another exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureFileError, readCapture } from '../../tools/capture-file';
import { tcpConnections } from '../../tools/tcp-connections';
import {
  CLIENT6,
  ipPacket,
  LINK,
  pcapFile,
  pcapngSection,
  records,
  SERVER6,
  SESSION,
  T0,
  type PcapngPacket,
} from './support/synthetic-captures';

const LINK_TYPES = Object.entries(LINK);

function expectSession(file: Buffer, client: string, server: string): void {
  const capture = readCapture(file);
  expect(capture.segments).toHaveLength(SESSION.length);
  const [connection] = tcpConnections(capture.segments);
  expect(`${connection!.client.address} ${connection!.client.port} → ${connection!.server.address} ${connection!.server.port}`).toBe(`${client} → ${server}`);
  expect(connection!.packets.map((packet) => packet.flags)).toEqual(['SYN', 'SYN+ACK', 'ACK', 'PSH+ACK', 'PSH+ACK', 'FIN+ACK', 'FIN+ACK', 'ACK']);
  expect(connection!.packets[3]!.payload.toString()).toBe('Halo dunia\n');
  expect(connection!.packets.map((packet) => packet.timeMs)).toEqual(SESSION.map((packet) => (packet.timeUs - T0) / 1000));
}

function errorOf(file: Buffer): string {
  try {
    readCapture(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureFileError);
    return (error as Error).message;
  }
  throw new Error('the file was read without an error');
}

describe('classic pcap', () => {
  it.each(LINK_TYPES)('reads IPv4 and IPv6 sessions behind link type %s (%i)', (_name, linkType) => {
    expectSession(pcapFile(records(SESSION, linkType), linkType), '172.27.0.3 48738', '172.27.0.2 12345');
    expectSession(pcapFile(records(SESSION, linkType, CLIENT6, SERVER6), linkType), '2001:db8::3 48740', '2001:db8::2 12345');
  });

  it('reads big-endian files and nanosecond timestamps', () => {
    expectSession(pcapFile(records(SESSION, LINK.ETHERNET), LINK.ETHERNET, { bigEndian: true }), '172.27.0.3 48738', '172.27.0.2 12345');
    expectSession(pcapFile(records(SESSION, LINK.LINUX_SLL2), LINK.LINUX_SLL2, { bigEndian: true, nanoseconds: true }), '172.27.0.3 48738', '172.27.0.2 12345');
  });
});

describe('pcapng', () => {
  /** The session split over two interfaces with different link types, as `tcpdump -i any` saved by Wireshark can be. */
  const split = (packets = SESSION): PcapngPacket[] =>
    packets.map((packet, i) => {
      const interfaceId = i % 2;
      const linkType = interfaceId === 0 ? LINK.ETHERNET : LINK.LINUX_SLL;
      return { interfaceId, timeUs: packet.timeUs, data: records([packet], linkType)[0]!.data };
    });

  it.each([
    ['little-endian', false],
    ['big-endian', true],
  ])('reads a %s section with two interfaces of their own link types and time resolutions', (_order, bigEndian) => {
    const file = pcapngSection([{ linkType: LINK.ETHERNET }, { linkType: LINK.LINUX_SLL, tsresol: 9 }], split(), bigEndian);
    expect(readCapture(file).format).toBe('pcapng');
    expectSession(file, '172.27.0.3 48738', '172.27.0.2 12345');
  });

  it('reads sections of both byte orders one after the other, each numbering its interfaces from 0', () => {
    const first = pcapngSection([{ linkType: LINK.LINUX_SLL2 }], records(SESSION.slice(0, 4), LINK.LINUX_SLL2).map((frame) => ({ ...frame, interfaceId: 0 })));
    const second = pcapngSection([{ linkType: LINK.RAW }], records(SESSION.slice(4), LINK.RAW).map((frame) => ({ ...frame, interfaceId: 0 })), true);
    expectSession(Buffer.concat([first, second]), '172.27.0.3 48738', '172.27.0.2 12345');
  });

  it('reads simple packet blocks (no time: interface 0)', () => {
    const packets = records(SESSION, LINK.ETHERNET).map((frame) => ({ ...frame, interfaceId: 0, simple: true }));
    const capture = readCapture(pcapngSection([{ linkType: LINK.ETHERNET }], packets));
    expect(capture.segments.map((segment) => segment.length)).toEqual([0, 0, 0, 11, 49, 0, 0, 0]);
  });
});

describe('files that are not captures with TCP in them', () => {
  const pcap = pcapFile(records(SESSION, LINK.ETHERNET), LINK.ETHERNET);
  const pcapng = pcapngSection([{ linkType: LINK.ETHERNET }], records(SESSION, LINK.ETHERNET).map((frame) => ({ ...frame, interfaceId: 0 })));
  const udp = Buffer.from(ipPacket(SESSION[3]!));
  udp[9] = 17;

  it.each([
    ['an empty file', Buffer.alloc(0), /^not a capture file: the file is empty; give a pcap \(tcpdump -w, the capture profile\) or a pcapng/],
    ['a text file', Buffer.from('Jumlah karakter dalam kalimat tersebut adalah 10\n'), /^not a capture file: it starts with the bytes 4a 75 6d 6c;/],
    ['a gzip-compressed capture', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), /^not a capture file: it is gzip-compressed \(gunzip it first\)/],
    ['a pcap cut inside its file header', pcap.subarray(0, 10), /^cut short: a pcap file header has 24 bytes, this file only 10$/],
    ['a pcap cut inside its last packet', pcap.subarray(0, pcap.length - 5), /^cut short in packet 8 \(it needs 70 bytes, the file has 65 left\); if the capture is still running, stop it first/],
    ['a pcapng cut inside a block', pcapng.subarray(0, pcapng.length - 3), /^cut short in the block at byte \d+ \(it needs 88 bytes, the file has 85 left\)/],
    ['a pcap of another link type', pcapFile([], 147), /^link type 147 is not a link type this tool reads \(it reads Ethernet, Linux cooked v1 and v2 \(tcpdump -i any\), BSD\/macOS null and OpenBSD loopback, raw IP\)$/],
    ['a pcap with only UDP', pcapFile([{ timeUs: T0, data: udp }], LINK.RAW), /^no TCP segments in its 1 packet; capture port 12345 while a client talks to the server/],
    ['a pcapng whose only interface is of another link type', pcapngSection([{ linkType: 147 }], [{ interfaceId: 0, timeUs: T0, data: udp }]), /^no TCP segments in its 1 packet; its interfaces with link type 147 are not ones this tool reads/],
    ['a pcapng packet on an interface never described', pcapngSection([], [{ interfaceId: 0, timeUs: T0, data: udp }]), /names interface 0, which no interface block describes: the file is corrupt$/],
  ])('%s: says what it found', (_what, file, message) => {
    expect(errorOf(file)).toMatch(message);
  });

  it('throws nothing but its own one-line error, whatever bytes follow a pcap or pcapng start', () => {
    const starts = [pcap.subarray(0, 24), pcapng.subarray(0, 28), pcap.subarray(0, 60), pcapng.subarray(0, 80)];
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 200 }), (start, rest) => {
        try {
          readCapture(Buffer.concat([start, rest]));
        } catch (error) {
          if (!(error instanceof CaptureFileError)) throw error;
          expect(error.message).not.toContain('\n');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

