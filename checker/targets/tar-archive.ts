/**
 * A tar archive (POSIX ustar) in memory: what the Docker build API takes as a build context.
 * Written here rather than taken from tar-fs/tar-stream, which only dockerode and the test
 * tools pull in (at versions of their own), so the production image need not rely on them.
 */

export interface TarEntry {
  /** Relative path with forward slashes, no leading "./". */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  /** Permission bits (0o755, 0o644). */
  mode: number;
  /** A file's bytes; empty for the others. */
  content: Buffer;
  /** A symlink's target, as written in the folder. */
  linkTarget?: string;
}

const BLOCK = 512;
const TYPE_FLAG = { file: '0', symlink: '2', directory: '5' } as const;

/** Whether ustar can hold the entry: a name of 100 bytes plus a 155-byte prefix, a link target of 100. */
export function fitsInTar(entry: Omit<TarEntry, 'content'>): boolean {
  return splitPath(entryName(entry)) !== null && Buffer.byteLength(entry.linkTarget ?? '') <= 100;
}

function entryName(entry: Omit<TarEntry, 'content'>): string {
  return entry.type === 'directory' ? `${entry.path}/` : entry.path;
}

export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    blocks.push(header(entry));
    if (entry.type === 'file' && entry.content.length > 0) {
      blocks.push(entry.content, Buffer.alloc((BLOCK - (entry.content.length % BLOCK)) % BLOCK));
    }
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

function header(entry: TarEntry): Buffer {
  const split = splitPath(entryName(entry));
  if (split === null) throw new Error(`${entry.path}: path too long for a tar archive`);
  const block = Buffer.alloc(BLOCK);
  block.write(split.name, 0, 100, 'utf8');
  octal(block, 100, 8, entry.mode & 0o7777);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, entry.type === 'file' ? entry.content.length : 0);
  // A fixed time: the same folder always makes the same archive.
  octal(block, 136, 12, 0);
  block.write(TYPE_FLAG[entry.type], 156, 1, 'ascii');
  if (entry.linkTarget !== undefined) block.write(entry.linkTarget, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(split.prefix, 345, 155, 'utf8');
  // The checksum is computed with its own field read as eight spaces.
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  octal(block, 148, 7, sum);
  return block;
}

function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}

function splitPath(path: string): { name: string; prefix: string } | null {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    const prefix = path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { name, prefix };
  }
  return null;
}
