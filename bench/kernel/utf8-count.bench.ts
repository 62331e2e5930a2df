/**
 * npm run bench:kernel: the code-point counting kernel of protocol/utf8-count.ts on its own,
 * against a plain byte loop and two candidate rewrites, on long and short messages.
 * Code points of valid UTF-8 = bytes - continuation bytes (0b10xxxxxx), so every kernel
 * here counts continuation bytes. `isUtf8` (native simdutf validation, which the server
 * already runs on the same bytes) is the reference for what a native pass costs.
 * The candidates are measured here for protocol/'s owners; protocol/ is not changed.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { expect, test } from 'vitest';
import { countContinuationBytes } from '../../protocol/utf8-count';
import { mixMessages, message64, proseBytes } from '../lib/corpus';
import { wasmSimdCounter } from './simd-count';

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

type Kernel = (buf: Uint8Array, start: number, end: number) => number;
const simd = wasmSimdCounter();
const KERNELS: [string, Kernel][] = [
  ['countContinuationBytes (protocol/utf8-count.ts)', countContinuationBytes],
  ['byte loop', byteLoop],
  ['candidate: SWAR lanes, folded every 255 words', swarLanes],
  ['candidate: isAscii per 4 KiB block, then SWAR lanes', asciiBlocksThenLanes],
  ...(simd ? [['candidate: WebAssembly SIMD, 16 bytes a step (copy included)', simd] as [string, Kernel]] : []),
];

const MiB = 1024 * 1024;
const prose = proseBytes(MiB).bytes;
const ascii = Buffer.alloc(MiB, 'Selamat pagi, apa kabar? ');
const cjk = Buffer.from('日本語のテキストは一文字が三バイトで表されます。'.repeat(Math.ceil(MiB / 69)), 'utf8').subarray(0, MiB - (MiB % 3));
const short = message64().bytes.subarray(0, 63);
const mix = mixMessages().map((m) => m.bytes.subarray(0, m.bytes.length - 1));

const INPUTS: [string, Buffer[]][] = [
  ['1 MiB Indonesian prose (about 1 % non-ASCII)', [prose]],
  ['1 MiB ASCII', [ascii]],
  ['1 MiB Japanese (3-byte characters)', [cjk]],
  ['48 short messages, Indonesian/CJK/emoji mix (30-600 B)', mix],
  ['one 63-byte ASCII message', [short]],
];

const RUN = { time: 300, warmupTime: 100 };

for (const [inputName, buffers] of INPUTS) {
  const expected = buffers.map((b) => byteLoop(b, 0, b.length));
  test(inputName, async ({ bench }) => {
    for (const [name, kernel] of KERNELS) {
      for (let k = 0; k < buffers.length; k++) expect(kernel(buffers[k], 0, buffers[k].length), name).toBe(expected[k]);
    }
    const registrations = KERNELS.map(([name, kernel]) =>
      bench(name, () => {
        for (let k = 0; k < buffers.length; k++) kernel(buffers[k], 0, buffers[k].length);
      }),
    );
    const reference = bench('reference: isUtf8 (native validation, no count)', () => {
      for (const b of buffers) isUtf8(b);
    });
    await bench.compare(...registrations, reference, RUN);
  });
}
