/**
 * npm run bench:kernel: the code-point counting of the UTF-8 kernels on their own, against a
 * plain byte loop and two candidate rewrites, on reads as long as the server's (256 KiB) and
 * on short messages. Code points of valid UTF-8 = bytes - continuation bytes (0b10xxxxxx).
 * The accelerated server reads into the SIMD region, so its bytes take the WebAssembly SIMD
 * path of simdUtf8Kernel; bytes anywhere else take the 32-bit word path. plainUtf8Kernel is
 * what the plain server (ACCELERATION=off) counts with. `isUtf8` (native simdutf validation,
 * which both kernels run on the same bytes first) is the reference for what a native pass costs.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { expect, test } from 'vitest';
import { simdUtf8Kernel } from '../../accelerators/simd-kernel';
import { SIMD_REGION, SIMD_REGION_BYTES } from '../../accelerators/simd-region';
import { plainUtf8Kernel } from '../../protocol';
import { mixMessages, message64, proseBytes } from '../lib/corpus';

/** The obvious loop. */
function byteLoop(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if ((buf[i] & 0xc0) === 0x80) count++;
  return count;
}

/**
 * Candidate: the same 32-bit word loop, but the per-byte flags are summed in four byte-wide
 * lanes and folded into the count once every 255 words, instead of a multiply per word.
 */
function swarLanes(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  let i = start;
  const alignedStart = Math.min(end, i + ((4 - ((buf.byteOffset + i) & 3)) & 3));
  for (; i < alignedStart; i++) if ((buf[i] & 0xc0) === 0x80) count++;
  const wordCount = (end - i) >>> 2;
  if (wordCount > 0) {
    const words = new Uint32Array(buf.buffer, buf.byteOffset + i, wordCount);
    let w = 0;
    while (w < wordCount) {
      const stop = Math.min(wordCount, w + 255);
      let lanes = 0;
      for (; w < stop; w++) {
        const x = words[w];
        lanes += (x & ~(x << 1) & 0x80808080) >>> 7;
      }
      count += (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + (lanes >>> 24);
    }
    i += wordCount << 2;
  }
  for (; i < end; i++) if ((buf[i] & 0xc0) === 0x80) count++;
  return count;
}

const BLOCK = 4096;
/** Candidate: skip blocks that native isAscii clears (no continuation bytes there), count the rest. */
function asciiBlocksThenLanes(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i += BLOCK) {
    const stop = Math.min(end, i + BLOCK);
    if (!isAscii(buf.subarray(i, stop))) count += swarLanes(buf, i, stop);
  }
  return count;
}

/** Code points of valid UTF-8 in buf[start, end). */
type Count = (buf: Uint8Array, start: number, end: number) => number;
const viaContinuations =
  (countContinuations: Count): Count =>
  (buf, start, end) =>
    end - start - countContinuations(buf, start, end);

interface CountEntry {
  name: string;
  count: Count;
  /** Runs on copies of the input placed in the SIMD region, as the accelerated server's reads are. */
  inRegion?: boolean;
}
const COUNTS: CountEntry[] = [
  ...(SIMD_REGION ? [{ name: `${simdUtf8Kernel.name}, bytes in the SIMD region (ACCELERATION=on)`, count: simdUtf8Kernel.countCodePoints, inRegion: true }] : []),
  { name: `${simdUtf8Kernel.name}, bytes elsewhere (32-bit words)`, count: simdUtf8Kernel.countCodePoints },
  { name: `${plainUtf8Kernel.name} (ACCELERATION=off)`, count: plainUtf8Kernel.countCodePoints },
  { name: 'byte loop', count: viaContinuations(byteLoop) },
  { name: 'candidate: SWAR lanes, folded every 255 words', count: viaContinuations(swarLanes) },
  { name: 'candidate: isAscii per 4 KiB block, then SWAR lanes', count: viaContinuations(asciiBlocksThenLanes) },
];

const READ = SIMD_REGION_BYTES;
const prose = proseBytes(READ).bytes;
const ascii = Buffer.alloc(READ, 'Selamat pagi, apa kabar? ');
const cjk = Buffer.from('日本語のテキストは一文字が三バイトで表されます。'.repeat(Math.ceil(READ / 69)), 'utf8').subarray(0, READ - (READ % 3));
const short = message64().bytes.subarray(0, 63);
const mix = mixMessages().map((m) => m.bytes.subarray(0, m.bytes.length - 1));

const INPUTS: [string, Buffer[]][] = [
  ['one 256 KiB read of Indonesian prose (about 1 % non-ASCII)', [prose]],
  ['one 256 KiB read of ASCII', [ascii]],
  ['one 256 KiB read of Japanese (3-byte characters)', [cjk]],
  ['48 short messages, Indonesian/CJK/emoji mix (30-600 B)', mix],
  ['one 63-byte ASCII message', [short]],
];

const RUN = { time: 300, warmupTime: 100 };

/** Copies the buffers one after another into the SIMD region; nothing else writes it while the kernels run. */
function placeInRegion(buffers: Buffer[]): Uint8Array[] {
  const region = SIMD_REGION!.bytes;
  let offset = 0;
  return buffers.map((b) => {
    region.set(b, offset);
    offset += b.length;
    return region.subarray(offset - b.length, offset);
  });
}

for (const [inputName, buffers] of INPUTS) {
  const expected = buffers.map((b) => b.length - byteLoop(b, 0, b.length));
  test(inputName, async ({ bench }) => {
    const inRegion = SIMD_REGION ? placeInRegion(buffers) : [];
    const inputsOf = (entry: CountEntry): Uint8Array[] => (entry.inRegion ? inRegion : buffers);
    for (const entry of COUNTS) {
      const inputs = inputsOf(entry);
      for (let k = 0; k < inputs.length; k++) expect(entry.count(inputs[k], 0, inputs[k].length), entry.name).toBe(expected[k]);
    }
    const registrations = COUNTS.map((entry) => {
      const inputs = inputsOf(entry);
      return bench(entry.name, () => {
        for (let k = 0; k < inputs.length; k++) entry.count(inputs[k], 0, inputs[k].length);
      });
    });
    const reference = bench('reference: isUtf8 (native validation, no count)', () => {
      for (const b of buffers) isUtf8(b);
    });
    await bench.compare(...registrations, reference, RUN);
  });
}
