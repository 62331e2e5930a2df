import { renderPreview } from '../protocol';
import type { ConnectionPacket, TcpConnection } from './tcp-connections';

const PREVIEW_CHARS = 24;

function endpoint({ address, port }: { address: string; port: number }): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function closingLine(connection: TcpConnection): string {
  const { firstFin, reset } = connection;
  if (reset && (!firstFin || reset.index < firstFin.index)) {
    return `  reset: the ${reset.side} sent RST (packet ${reset.index}), which ends the connection at once on both sides, with no TIME_WAIT`;
  }
  if (!firstFin) return '  no FIN yet: the connection was still open when the capture stopped';
  const other = firstFin.side === 'client' ? 'server' : 'client';
  return (
    `  first FIN: the ${firstFin.side} (packet ${firstFin.index}). The ${firstFin.side} closed first (active close), so its socket ` +
    `waits in TIME_WAIT for 2×MSL (60 s on Linux); the ${other} closed second and its socket is gone after the last ACK`
  );
}

/** A packet's time, direction, flags, relative seq and ack, and length, as the table's columns show them. */
export function packetColumns(packet: ConnectionPacket): string[] {
  return [packet.timeMs.toFixed(3), packet.direction, packet.flags, String(packet.seq), packet.ack === undefined ? '' : String(packet.ack), String(packet.length)];
}

/** The report `tools/capture-report.ts` prints: each connection (or only connection `only`) as a table, then who closed first. */
export function captureReport(file: string, packetCount: number, connections: TcpConnection[], only?: number): string {
  const lines = [`${file}: ${packetCount} TCP packets in ${connections.length} ${connections.length === 1 ? 'connection' : 'connections'}`];
  connections.forEach((connection, n) => {
    if (only !== undefined && n + 1 !== only) return;
    lines.push('', `connection ${n + 1}: client ${endpoint(connection.client)} → server ${endpoint(connection.server)}`);
    if (!connection.sawHandshake) lines.push('  (the capture started after the handshake: numbers are relative to the first packet seen)');
    const rows = connection.packets.map((packet) => [
      String(packet.index),
      ...packetColumns(packet),
      packet.length === 0 ? '' : `"${renderPreview(packet.payload.subarray(0, 64), packet.length, PREVIEW_CHARS)}"`,
    ]);
    const header = ['#', 'time ms', 'direction', 'flags', 'seq', 'ack', 'len', 'data'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const leftAligned = new Set([2, 3, 7]);
    const format = (row: string[]): string =>
      `  ${row.map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`.trimEnd();
    lines.push(format(header), ...rows.map(format), closingLine(connection));
  });
  return lines.join('\n');
}
