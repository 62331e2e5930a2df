/**
 * tools/capture-report.ts's analysis: a pcap (built here, byte by byte, as tcpdump writes it)
 * becomes one table per connection with relative times and sequence numbers, and a line
 * saying which side closed first and so ends in TIME_WAIT.
 */
import { describe, expect, it } from 'vitest';
import { captureReport } from '../../tools/capture-report-text';
import { parsePcap, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../tools/pcap';
import { tcpConnections } from '../../tools/tcp-connections';

interface Packet {
  timeUs: number;
  from: 'client' | 'server';
  flags: number;
  seq: number;
  ack: number;
  payload?: string;
}

const CLIENT = { ip: [172, 27, 0, 3], port: 48738 };
const SERVER = { ip: [172, 27, 0, 2], port: 12345 };

/** A classic little-endian pcap with Ethernet frames carrying IPv4 TCP segments. */
function pcap(packets: Packet[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = packets.map((packet) => {
    const payload = Buffer.from(packet.payload ?? '', 'utf8');
    const [src, dst] = packet.from === 'client' ? [CLIENT, SERVER] : [SERVER, CLIENT];
    const tcp = Buffer.alloc(20);
    tcp.writeUInt16BE(src.port, 0);
    tcp.writeUInt16BE(dst.port, 2);
    tcp.writeUInt32BE(packet.seq >>> 0, 4);
    tcp.writeUInt32BE(packet.ack >>> 0, 8);
    tcp[12] = 5 << 4;
    tcp[13] = packet.flags;
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 20 + payload.length, 2);
    ip[9] = 6;
    ip.set(src.ip, 12);
    ip.set(dst.ip, 16);
    const ethernet = Buffer.alloc(14);
    ethernet.writeUInt16BE(0x0800, 12);
    const frame = Buffer.concat([ethernet, ip, tcp, payload]);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(packet.timeUs / 1e6), 0);
    record.writeUInt32LE(packet.timeUs % 1e6, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

const T0 = 1_700_000_000_000_000;
const CLIENT_ISN = 0xfffffff0; // wraps around 2^32 during the session
const SERVER_ISN = 1_000_000;

const SESSION: Packet[] = [
  { timeUs: T0, from: 'client', flags: TCP_SYN, seq: CLIENT_ISN, ack: 0 },
  { timeUs: T0 + 50, from: 'server', flags: TCP_SYN | TCP_ACK, seq: SERVER_ISN, ack: CLIENT_ISN + 1 },
  { timeUs: T0 + 83, from: 'client', flags: TCP_ACK, seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1 },
  { timeUs: T0 + 1687, from: 'client', flags: TCP_PSH | TCP_ACK, seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1, payload: 'Halo dunia\n' },
  { timeUs: T0 + 2224, from: 'server', flags: TCP_PSH | TCP_ACK, seq: SERVER_ISN + 1, ack: CLIENT_ISN + 12, payload: 'Jumlah karakter dalam kalimat tersebut adalah 10\n' },
  { timeUs: T0 + 3972, from: 'client', flags: TCP_FIN | TCP_ACK, seq: CLIENT_ISN + 12, ack: SERVER_ISN + 50 },
  { timeUs: T0 + 4248, from: 'server', flags: TCP_FIN | TCP_ACK, seq: SERVER_ISN + 50, ack: CLIENT_ISN + 13 },
  { timeUs: T0 + 4311, from: 'client', flags: TCP_ACK, seq: CLIENT_ISN + 13, ack: SERVER_ISN + 51 },
];

function report(packets: Packet[]): string {
  const { segments } = parsePcap(pcap(packets));
  return captureReport('captures/lab.pcap', segments.length, tcpConnections(segments));
}

describe('capture report', () => {
  it('shows a whole session with times from the SYN, Wireshark flag names and relative sequence numbers', () => {
    expect(report(SESSION).split('\n')).toEqual([
      'captures/lab.pcap: 8 TCP packets in 1 connection',
      '',
      'connection 1: client 172.27.0.3:48738 → server 172.27.0.2:12345',
      '  #  time ms  direction        flags    seq  ack  len  data',
      '  1    0.000  client → server  SYN        0         0',
      '  2    0.050  server → client  SYN+ACK    0    1    0',
      '  3    0.083  client → server  ACK        1    1    0',
      '  4    1.687  client → server  PSH+ACK    1    1   11  "Halo dunia\\n"',
      '  5    2.224  server → client  PSH+ACK    1   12   49  "Jumlah karakter dalam ka…"',
      '  6    3.972  client → server  FIN+ACK   12   50    0',
      '  7    4.248  server → client  FIN+ACK   50   13    0',
      '  8    4.311  client → server  ACK       13   51    0',
      '  first FIN: the client (packet 6). The client closed first (active close), so its socket waits in TIME_WAIT for 2×MSL (60 s on Linux); the server closed second and its socket is gone after the last ACK',
    ]);
  });

  it('names the server when it closes first (as the classic server does)', () => {
    const serverFirst = SESSION.slice(0, 5).concat([
      { timeUs: T0 + 3000, from: 'server', flags: TCP_FIN | TCP_ACK, seq: SERVER_ISN + 50, ack: CLIENT_ISN + 12 },
      { timeUs: T0 + 3100, from: 'client', flags: TCP_FIN | TCP_ACK, seq: CLIENT_ISN + 12, ack: SERVER_ISN + 51 },
    ]);
    expect(report(serverFirst)).toMatch(/first FIN: the server \(packet 6\)\. The server closed first \(active close\), so its socket waits in TIME_WAIT/);
  });

  it('says a reset ends the connection with no TIME_WAIT, and a capture without FIN that the connection was still open', () => {
    const reset = SESSION.slice(0, 4).concat([{ timeUs: T0 + 2000, from: 'server', flags: TCP_RST | TCP_ACK, seq: SERVER_ISN + 1, ack: CLIENT_ISN + 1025 }]);
    expect(report(reset)).toMatch(/reset: the server sent RST \(packet 5\), which ends the connection at once on both sides, with no TIME_WAIT$/);
    expect(report(SESSION.slice(0, 5))).toMatch(/no FIN yet: the connection was still open when the capture stopped$/);
  });

  it('says so when the capture started after the handshake, and still tells client from server by port', () => {
    const text = report(SESSION.slice(3));
    expect(text).toContain('connection 1: client 172.27.0.3:48738 → server 172.27.0.2:12345');
    expect(text).toContain('(the capture started after the handshake: numbers are relative to the first packet seen)');
  });

  it('rejects a file that is not a pcap with a message naming what it found', () => {
    expect(() => parsePcap(Buffer.concat([Buffer.from('0a0d0d0a', 'hex'), Buffer.alloc(28)]))).toThrow(/not a pcap file: magic 0xa0d0d0a/);
  });
});
