/**
 * tools/capture-report.ts's table: a pcap (built byte by byte, as tcpdump writes it)
 * becomes one table per connection with relative times and sequence numbers, and a line
 * saying which side closed first and so ends in TIME_WAIT.
 */
import { describe, expect, it } from 'vitest';
import { captureReport } from '../../tools/capture-report-text';
import { parsePcap, TCP_ACK, TCP_FIN, TCP_RST } from '../../tools/pcap';
import { tcpConnections } from '../../tools/tcp-connections';
import { CLIENT_ISN, LINK, pcapFile, records, SERVER_ISN, SESSION, T0, type SyntheticPacket } from './support/synthetic-captures';

function report(packets: SyntheticPacket[]): string {
  const { segments } = parsePcap(pcapFile(records(packets, LINK.ETHERNET), LINK.ETHERNET));
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

});
