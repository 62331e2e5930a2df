/**
 * pcapng, what Wireshark saves by default (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html):
 * sections, each with its own byte order, each interface with its own link type and time
 * resolution, and packets in enhanced, simple or (obsolete) packet blocks. Other blocks
 * (name resolution, statistics, comments, decryption secrets) are skipped.
 */
import { CaptureFileError } from './capture-file-error';
import { cutShort, MAX_FRAME_BYTES } from './pcap';
import type { CapturedFrame } from './tcp-segment';

const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 1;
const OBSOLETE_PACKET = 2;
const SIMPLE_PACKET = 3;
const ENHANCED_PACKET = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPTION_TSRESOL = 9;
const OPTION_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second: 10^6 unless if_tsresol says otherwise. */
  unitsPerSecond: bigint;
  offsetSeconds: bigint;
}

export function isPcapng(file: Buffer): boolean {
  return file.length >= 4 && file.readUInt32LE(0) === SECTION_HEADER;
}

/** The frames of a pcapng file and the link types of its interfaces; throws CaptureFileError for a corrupt or cut file. */
export function pcapngFrames(file: Buffer): { linkTypes: number[]; frames: CapturedFrame[] } {
  const frames: CapturedFrame[] = [];
  const linkTypes: number[] = [];
  let littleEndian = true;
  let interfaces: Interface[] = [];
  const u16 = (offset: number): number => (littleEndian ? file.readUInt16LE(offset) : file.readUInt16BE(offset));
  const u32 = (offset: number): number => (littleEndian ? file.readUInt32LE(offset) : file.readUInt32BE(offset));

  for (let offset = 0; offset < file.length; ) {
    if (offset + 12 > file.length) throw cutShort(`the block at byte ${offset}`, 12, file.length - offset);
    const type = file.readUInt32LE(offset); // the section header's type reads the same in both orders
    if (type === SECTION_HEADER) {
      const magic = file.readUInt32LE(offset + 8);
      if (magic !== BYTE_ORDER_MAGIC && magic !== 0x4d3c2b1a) throw new CaptureFileError(`the section header at byte ${offset} has no byte-order magic: the file is corrupt`);
      littleEndian = magic === BYTE_ORDER_MAGIC;
      interfaces = []; // interface numbers start again in each section
    }
    const blockType = u32(offset);
    const length = u32(offset + 4);
    if (length < 12 || length % 4 !== 0 || length > MAX_FRAME_BYTES) throw new CaptureFileError(`the block at byte ${offset} claims ${length} bytes: the file is corrupt`);
    if (offset + length > file.length) throw cutShort(`the block at byte ${offset}`, length, file.length - offset);
    const body = offset + 8;
    const bodyEnd = offset + length - 4;
    const index = frames.length + 1;
    if (blockType === INTERFACE_DESCRIPTION) {
      const described: Interface = { linkType: u16(body), snapLength: u32(body + 4), unitsPerSecond: 1_000_000n, offsetSeconds: 0n };
      readOptions(body + 8, bodyEnd, (code, value) => {
        if (code === OPTION_TSRESOL && value.length >= 1) described.unitsPerSecond = resolution(value[0]!);
        if (code === OPTION_TSOFFSET && value.length >= 8) described.offsetSeconds = littleEndian ? value.readBigInt64LE(0) : value.readBigInt64BE(0);
      });
      interfaces.push(described);
      linkTypes.push(described.linkType);
    } else if (blockType === ENHANCED_PACKET || blockType === OBSOLETE_PACKET) {
      const enhanced = blockType === ENHANCED_PACKET;
      const where = interfaceOf(interfaces, enhanced ? u32(body) : u16(body), offset);
      const capturedLength = u32(body + 12);
      if (body + 20 + capturedLength > bodyEnd) throw new CaptureFileError(`packet ${index} at byte ${offset} claims more bytes than its block holds: the file is corrupt`);
      const timeUs = microseconds((BigInt(u32(body + 4)) << 32n) | BigInt(u32(body + 8)), where);
      frames.push({ index, timeUs, linkType: where.linkType, data: file.subarray(body + 20, body + 20 + capturedLength) });
    } else if (blockType === SIMPLE_PACKET) {
      // No time and no interface number: always interface 0, and the time is unknown (0).
      const where = interfaceOf(interfaces, 0, offset);
      const capturedLength = Math.min(u32(body), where.snapLength || Infinity, bodyEnd - body - 4);
      frames.push({ index, timeUs: 0, linkType: where.linkType, data: file.subarray(body + 4, body + 4 + capturedLength) });
    }
    offset += length;
  }

  function readOptions(from: number, end: number, each: (code: number, value: Buffer) => void): void {
    for (let at = from; at + 4 <= end; ) {
      const code = u16(at);
      const size = u16(at + 2);
      if (code === 0 || at + 4 + size > end) return;
      each(code, file.subarray(at + 4, at + 4 + size));
      at += 4 + Math.ceil(size / 4) * 4;
    }
  }
  return { linkTypes, frames };
}

function interfaceOf(interfaces: Interface[], id: number, offset: number): Interface {
  const found = interfaces[id];
  if (!found) throw new CaptureFileError(`the packet at byte ${offset} names interface ${id}, which no interface block describes: the file is corrupt`);
  return found;
}

/** if_tsresol: the high bit says a power of 2, otherwise a power of 10. */
function resolution(value: number): bigint {
  return value & 0x80 ? 1n << BigInt(value & 0x7f) : 10n ** BigInt(value);
}

function microseconds(units: bigint, where: Interface): number {
  return Number((units * 1_000_000n) / where.unitsPerSecond + where.offsetSeconds * 1_000_000n);
}
