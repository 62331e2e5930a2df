/**
 * A capture file of either format, down to its TCP segments: classic pcap (tcpdump -w, the
 * capture profile) or pcapng (Wireshark's default), told apart by their first bytes.
 */
import { CaptureFileError } from './capture-file-error';
import { isPcap, pcapFrames } from './pcap';
import { isPcapng, pcapngFrames } from './pcapng';
import { isReadableLinkType, linkTypeName, READABLE_LINK_TYPES, tcpSegmentOf, type CapturedFrame, type TcpSegment } from './tcp-segment';

export { CaptureFileError } from './capture-file-error';

export interface Capture {
  format: 'pcap' | 'pcapng';
  /** Every packet in the file, TCP or not. */
  packetCount: number;
  segments: TcpSegment[];
}

/** Throws CaptureFileError, with a message naming what it found, for anything that is not a capture with TCP in it. */
export function readCapture(file: Buffer): Capture {
  let format: Capture['format'];
  let linkTypes: number[];
  let frames: CapturedFrame[];
  if (isPcap(file)) {
    const pcap = pcapFrames(file);
    [format, linkTypes, frames] = ['pcap', [pcap.linkType], pcap.frames];
  } else if (isPcapng(file)) {
    const pcapng = pcapngFrames(file);
    [format, linkTypes, frames] = ['pcapng', pcapng.linkTypes, pcapng.frames];
  } else {
    throw new CaptureFileError(`not a capture file: ${whatItIs(file)}; give a pcap (tcpdump -w, the capture profile) or a pcapng (Wireshark's File → Save)`);
  }
  const segments = frames.map(tcpSegmentOf).filter((segment) => segment !== null);
  if (segments.length === 0) {
    const unreadable = [...new Set(linkTypes.filter((type) => !isReadableLinkType(type)))];
    const why =
      unreadable.length > 0
        ? `; its interfaces with ${unreadable.map(linkTypeName).join(', ')} are not ones this tool reads (${READABLE_LINK_TYPES})`
        : '; capture port 12345 while a client talks to the server (the capture profile does)';
    throw new CaptureFileError(`no TCP segments in its ${frames.length} ${frames.length === 1 ? 'packet' : 'packets'}${why}`);
  }
  return { format, packetCount: frames.length, segments };
}

function whatItIs(file: Buffer): string {
  if (file.length === 0) return 'the file is empty';
  if (file.length >= 2 && file[0] === 0x1f && file[1] === 0x8b) return 'it is gzip-compressed (gunzip it first)';
  const start = [...file.subarray(0, 4)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return `it starts with the bytes ${start}`;
}
