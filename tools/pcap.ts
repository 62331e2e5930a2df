/**
 * The classic pcap format, what tcpdump -w writes (and the capture profile):
 * https://www.tcpdump.org/manpages/pcap-savefile.5.html. One link type for the whole file.
 */
import { CaptureFileError } from './capture-file-error';
import { isReadableLinkType, linkTypeName, READABLE_LINK_TYPES, tcpSegmentOf, type CapturedFrame, type TcpSegment } from './tcp-segment';

export { describeFlags, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './tcp-segment';

const HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** Far above any real snapshot length (tcpdump's default is 262144): a bigger record is a corrupt file. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

const MAGIC = new Map<number, { littleEndian: boolean; nanoseconds: boolean }>([
  [0xa1b2c3d4, { littleEndian: true, nanoseconds: false }],
  [0xd4c3b2a1, { littleEndian: false, nanoseconds: false }],
  [0xa1b23c4d, { littleEndian: true, nanoseconds: true }],
  [0x4d3cb2a1, { littleEndian: false, nanoseconds: true }],
]);

/** Whether the file starts like a classic pcap (either byte order, micro- or nanosecond times). */
export function isPcap(file: Buffer): boolean {
  return file.length >= 4 && MAGIC.has(file.readUInt32LE(0));
}

/** The frames of a classic pcap; throws CaptureFileError for a file that is not one, or is cut short. */
export function pcapFrames(file: Buffer): { linkType: number; frames: CapturedFrame[] } {
  const format = file.length >= 4 ? MAGIC.get(file.readUInt32LE(0)) : undefined;
  if (!format) throw new CaptureFileError('not a pcap file');
  if (file.length < HEADER_BYTES) throw new CaptureFileError(`cut short: a pcap file header has ${HEADER_BYTES} bytes, this file only ${file.length}`);
  const u32 = (offset: number): number => (format.littleEndian ? file.readUInt32LE(offset) : file.readUInt32BE(offset));
  // The top bits may carry the FCS length (pcap-savefile(5)); the link type is the low 28.
  const linkType = u32(20) & 0x0fffffff;
  if (!isReadableLinkType(linkType)) {
    throw new CaptureFileError(`${linkTypeName(linkType)} is not a link type this tool reads (it reads ${READABLE_LINK_TYPES})`);
  }
  const frames: CapturedFrame[] = [];
  for (let offset = HEADER_BYTES, index = 1; offset < file.length; index++) {
    if (offset + RECORD_HEADER_BYTES > file.length) throw cutShort(`packet ${index}`, RECORD_HEADER_BYTES, file.length - offset);
    const capturedLength = u32(offset + 8);
    if (capturedLength > MAX_FRAME_BYTES) throw new CaptureFileError(`packet ${index} at byte ${offset} claims ${capturedLength} bytes: the file is corrupt`);
    const needed = RECORD_HEADER_BYTES + capturedLength;
    if (offset + needed > file.length) throw cutShort(`packet ${index}`, needed, file.length - offset);
    const fraction = u32(offset + 4);
    const timeUs = u32(offset) * 1e6 + (format.nanoseconds ? Math.floor(fraction / 1000) : fraction);
    frames.push({ index, timeUs, linkType, data: file.subarray(offset + RECORD_HEADER_BYTES, offset + needed) });
    offset += needed;
  }
  return { linkType, frames };
}

/** The error for a file that ends inside a packet: what a capture still being written looks like. */
export function cutShort(what: string, needed: number, left: number): CaptureFileError {
  return new CaptureFileError(
    `cut short in ${what} (it needs ${needed} bytes, the file has ${left} left); ` +
      'if the capture is still running, stop it first (docker compose stop capture)',
  );
}

/** A classic pcap's TCP segments (what the integration test and older callers use). */
export function parsePcap(file: Buffer): { linkType: number; segments: TcpSegment[] } {
  const { linkType, frames } = pcapFrames(file);
  return { linkType, segments: frames.map(tcpSegmentOf).filter((segment) => segment !== null) };
}
