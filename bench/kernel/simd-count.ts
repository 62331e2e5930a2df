/**
 * Candidate kernel for bench:kernel: continuation bytes counted by a WebAssembly SIMD loop
 * (16 bytes per step: signed byte < -64 is 0b10xxxxxx), after copying the bytes into the
 * module's memory. The module is assembled here, byte by byte, so there is no build step
 * and no binary in the repository. Returns null where WebAssembly SIMD is unavailable.
 */
const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const name = (s: string): number[] => [s.length, ...Buffer.from(s)];
const splat = (b: number): number[] => new Array<number>(16).fill(b);

/** count(start, end): continuation bytes in memory[start, end), (end - start) a multiple of 16. */
const BODY = [
  0x01, 0x01, 0x7b, // one v128 local: four 32-bit lane counters
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // if start >= end: break
  0x20, 0x02, // counters
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, // v128.load start
  0xfd, 0x0c, ...splat(0xc0), 0xfd, 0x25, // i8x16.lt_s(bytes, -64): 0xFF for 0x80..0xBF
  0xfd, 0x0c, ...splat(0x01), 0xfd, 0x4e, // and 1
  0xfd, 0x7d, 0xfd, 0x7f, // widen: i16x8 then i32x4 pairwise sums
  0xfd, 0xae, 0x01, 0x21, 0x02, // counters += ...
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, // start += 16
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop; end block
  0x20, 0x02, 0xfd, 0x1b, 0x00, // sum the four lanes
  0x20, 0x02, 0xfd, 0x1b, 0x01, 0x6a,
  0x20, 0x02, 0xfd, 0x1b, 0x02, 0x6a,
  0x20, 0x02, 0xfd, 0x1b, 0x03, 0x6a,
  0x0b,
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f]), // type (i32, i32) -> i32
  ...section(3, [0x01, 0x00]),
  ...section(5, [0x01, 0x00, 0x11]), // memory: 17 pages, 1 MiB + 64 KiB
  ...section(7, [0x02, ...name('mem'), 0x02, 0x00, ...name('count'), 0x00, 0x00]),
  ...section(10, [0x01, ...leb(BODY.length), ...BODY]),
]);

const PIECE = 1024 * 1024;

/** The little of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
interface CountExports {
  mem: { buffer: ArrayBuffer };
  count: (start: number, end: number) => number;
}

export function wasmSimdCounter(): ((buf: Uint8Array, start: number, end: number) => number) | null {
  const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
  if (!wasm) return null;
  let exports: CountExports;
  try {
    exports = new wasm.Instance(new wasm.Module(MODULE)).exports as CountExports;
  } catch {
    return null;
  }
  const memory = new Uint8Array(exports.mem.buffer);
  return (buf, start, end) => {
    let count = 0;
    const last = start + ((end - start) & ~15);
    for (let off = start; off < last; off += PIECE) {
      const stop = Math.min(last, off + PIECE);
      memory.set(buf.subarray(off, stop), 0);
      count += exports.count(0, stop - off);
    }
    for (let i = last; i < end; i++) if ((buf[i] & 0xc0) === 0x80) count++;
    return count;
  };
}
