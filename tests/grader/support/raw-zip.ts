/**
 * A zip writer that writes whatever it is told: names with "..", absolute paths, backslashes
 * and control characters, Unix links and devices, sizes that lie. yazl refuses to write such
 * entries (rightly); the unpacker must meet them anyway, so the tests make them by hand
 * (APPNOTE.TXT 4.3: local headers and data, then the central directory, then its end record).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  data?: Buffer;
  /** Unix mode with its type bits (0o100644 a file, 0o120777 a link, 0o040755 a folder); the entry is then "made by" Unix. */
  unixMode?: number;
  deflate?: boolean;
  /** Declare this uncompressed size instead of the real one. */
  declaredSize?: number;
  /** Set the encryption flag (no real encryption: the unpacker must refuse before reading). */
  encrypted?: boolean;
}

export function rawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = entry.data ?? Buffer.alloc(0);
    const packed = entry.deflate ? deflateRawSync(data) : data;
    // Traditional encryption puts a 12-byte header before the data.
    const stored = entry.encrypted ? Buffer.concat([Buffer.alloc(12), packed]) : packed;
    const method = entry.deflate ? 8 : 0;
    const flags = 0x800 | (entry.encrypted ? 0x1 : 0);
    const crc = crc32(data);
    const size = entry.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    // Version made by: 3 (Unix) in the high byte when a mode is given, else 0 (MS-DOS).
    central.writeUInt16LE(((entry.unixMode === undefined ? 0 : 3) << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
