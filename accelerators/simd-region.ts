/**
 * A block of memory owned by a tiny WebAssembly module that counts UTF-8 continuation bytes
 * 16 at a time with SIMD. Bytes only get this speed where they already live in that memory:
 * the server reads from its sockets straight into it, so nothing is copied. The module is
 * assembled here, byte by byte: no build step, no binary in the repository.
 */

/** Bytes the region offers; the server's shared read buffer is exactly this. */
export const SIMD_REGION_BYTES = 256 * 1024;
const WASM_PAGE_BYTES = 64 * 1024;
/** 255 steps of 16 bytes: a byte lane of the accumulator counts to at most 255 before it is widened. */
const BYTES_PER_FOLD = 255 * 16;

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
/** Signed LEB128, for i32.const operands. */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const name = (text: string): number[] => [text.length, ...Buffer.from(text)];
const splat = (byte: number): number[] => new Array<number>(16).fill(byte);

/**
 * count(start, end): continuation bytes in memory[start, end), (end - start) a multiple of 16.
 * Locals: 0 start, 1 end, 2 byte-lane counts (v128), 3 totals (v128 of i32), 4 fold end.
 */
const COUNT_BODY = [
  0x02, 0x02, 0x7b, 0x01, 0x7f, // locals: 2 x v128, 1 x i32
  0x02, 0x40, 0x03, 0x40, // block, loop (one fold per turn)
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // start >= end: done
  0x20, 0x00, 0x41, ...sleb(BYTES_PER_FOLD), 0x6a, 0x22, 0x04, // foldEnd = start + BYTES_PER_FOLD
  0x20, 0x01, 0x20, 0x04, 0x20, 0x01, 0x49, 0x1b, 0x21, 0x04, // foldEnd = min(foldEnd, end)
  0xfd, 0x0c, ...splat(0x00), 0x21, 0x02, // lanes = 0
  0x02, 0x40, 0x03, 0x40, // block, loop (16 bytes per turn)
  0x20, 0x00, 0x20, 0x04, 0x4f, 0x0d, 0x01, // start >= foldEnd: fold
  0x20, 0x02, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, // lanes, v128.load start
  0xfd, 0x0c, ...splat(0xc0), 0xfd, 0x25, // i8x16.lt_s(bytes, -64): -1 exactly for 0x80..0xBF
  0xfd, 0x71, 0x21, 0x02, // lanes -= that (adds one per continuation byte)
  0x20, 0x00, 0x41, ...sleb(16), 0x6a, 0x21, 0x00, // start += 16
  0x0c, 0x00, 0x0b, 0x0b, // continue; end loop; end block
  0x20, 0x03, 0x20, 0x02, 0xfd, 0x7d, 0xfd, 0x7f, 0xfd, 0xae, 0x01, 0x21, 0x03, // totals += widen(lanes)
  0x0c, 0x00, 0x0b, 0x0b, // next fold; end loop; end block
  0x20, 0x03, 0xfd, 0x1b, 0x00, // sum the four totals
  0x20, 0x03, 0xfd, 0x1b, 0x01, 0x6a,
  0x20, 0x03, 0xfd, 0x1b, 0x02, 0x6a,
  0x20, 0x03, 0xfd, 0x1b, 0x03, 0x6a,
  0x0b,
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f]), // type (i32, i32) -> i32
  ...section(3, [0x01, 0x00]),
  ...section(5, [0x01, 0x00, ...leb(SIMD_REGION_BYTES / WASM_PAGE_BYTES)]), // memory, fixed size
  ...section(7, [0x02, ...name('memory'), 0x02, 0x00, ...name('count'), 0x00, 0x00]),
  ...section(10, [0x01, ...leb(COUNT_BODY.length), ...COUNT_BODY]),
]);

/** The little of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
interface CountExports {
  memory: { buffer: ArrayBuffer };
  count: (start: number, end: number) => number;
}

export interface SimdRegion {
  /** The whole region; a view of it (any subarray) counts fast. */
  readonly bytes: Uint8Array;
  /** Continuation bytes in buf[start, end) when buf lies in the region; -1 when it does not. */
  countContinuationBytes(buf: Uint8Array, start: number, end: number): number;
}

function createSimdRegion(): SimdRegion | null {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  let exports: CountExports;
  try {
    exports = new api.Instance(new api.Module(MODULE)).exports as CountExports;
  } catch {
    // No WebAssembly SIMD here (it has been on by default since Node 16.4): count in JavaScript.
    return null;
  }
  const memory = exports.memory.buffer;
  const count = exports.count;
  return {
    bytes: new Uint8Array(memory),
    countContinuationBytes(buf, start, end) {
      if (buf.buffer !== memory) return -1;
      const from = buf.byteOffset + start;
      const to = buf.byteOffset + end;
      const simdEnd = from + ((to - from) & ~15);
      let continuations = count(from, simdEnd);
      for (let i = simdEnd - buf.byteOffset; i < end; i++) if ((buf[i] & 0xc0) === 0x80) continuations++;
      return continuations;
    },
  };
}

/** The process's region, or null where WebAssembly SIMD is unavailable. */
export const SIMD_REGION = createSimdRegion();
