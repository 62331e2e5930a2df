/**
 * The whole-read pre-pass remembers what it learnt about the read being pushed, and one
 * kernel serves every connection. These are the ways that memory could go stale: a read that
 * starts inside a character, reads of other connections in between, and one shared buffer
 * overwritten by every read (as the accelerated chunk source does).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withChunkPrepass } from '../../accelerators/chunk-prepass-kernel';
import { simdUtf8Kernel } from '../../accelerators/simd-kernel';
import { MessageDecoder, type MessageDecoderOptions, type MessageOutcome, type Utf8Kernel } from '../../protocol';
import { validPrefixEnd } from '../support/utf8-oracle';
import { byteStream, cutsFor } from './support/arbitraries';
import { bytes, concat, splitAt, utf8 } from './support/bytes';
import { REFERENCE_DECODER } from './support/decoders';
import { expectedOutcomes } from './support/protocol-model';
import { placeInRegion } from './support/simd-region-reads';

const options: MessageDecoderOptions = { maxMessageBytes: 40, detailedCounts: true, previewBytes: 4 };

/** Streams with long valid runs (the pre-pass's fast path) and every kind of invalid byte. */
const stream = byteStream(60);

function pushAll(decoder: MessageDecoder, reads: Uint8Array[]): MessageOutcome[] {
  const outcomes: MessageOutcome[] = [];
  for (const read of reads) decoder.push(read, (outcome) => outcomes.push(outcome));
  decoder.finish('half-close', (outcome) => outcomes.push(outcome));
  return outcomes;
}

describe('withChunkPrepass(simdUtf8Kernel)', () => {
  it('a read that starts inside a character: the bytes before its first character start are the state machine’s', () => {
    const kernel = withChunkPrepass(simdUtf8Kernel);
    const line = utf8(`${'x'.repeat(40)}€😀${'y'.repeat(40)}\n`);
    const whole = expectedOutcomes(line, options);
    for (let cut = 41; cut < 47; cut++) {
      expect(pushAll(new MessageDecoder({ ...options, kernel }), splitAt(line, [cut])), `cut at ${cut}`).toEqual(whole);
    }
    const read = concat(bytes(0x82, 0xac), utf8('a'.repeat(40)));
    kernel.beginChunk!(read);
    expect(kernel.validPrefixEnd(read, 0, read.length)).toBe(validPrefixEnd(read, 0, read.length));
  });

  it('continuation bytes that continue nothing (the message before ended at the quiet period) are an error at byte 0', () => {
    const run = (decoder: MessageDecoder): string[] => {
      const seen: string[] = [];
      const collect = (o: MessageOutcome): void => void seen.push(o.kind === 'invalid-utf8' ? `${o.error.reason} at ${o.error.offset}` : o.kind);
      decoder.push(bytes(0xe2, 0x82), collect);
      decoder.finish('quiet', collect);
      decoder.push(concat(bytes(0xac), utf8('a'.repeat(30)), utf8('\n')), collect);
      return seen;
    };
    const expected = ['truncated at 0', 'unexpected-continuation at 0'];
    expect(run(REFERENCE_DECODER.newDecoder(options))).toEqual(expected);
    expect(run(new MessageDecoder({ ...options, kernel: withChunkPrepass(simdUtf8Kernel) }))).toEqual(expected);
  });

  it('is not fooled by another read it was not told about: it answers from the bytes it is given', () => {
    const kernel = withChunkPrepass(simdUtf8Kernel);
    const told = utf8('a'.repeat(64));
    const other = concat(utf8('a'.repeat(40)), bytes(0xff), utf8('a'.repeat(23)));
    kernel.beginChunk!(told);
    expect(kernel.validPrefixEnd(other, 0, other.length)).toBe(40);
    expect(kernel.countCodePoints(other, 0, 40)).toBe(40);
  });

  it('one kernel, two connections: reads of another stream pushed in between change no outcome', () => {
    const twoStreams = fc.tuple(stream, stream).chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), cutsFor(a.length), cutsFor(b.length)));
    fc.assert(
      fc.property(twoStreams, ([a, b, cutsA, cutsB]) => {
        const kernel = withChunkPrepass(simdUtf8Kernel);
        const decoders = [new MessageDecoder({ ...options, kernel }), new MessageDecoder({ ...options, kernel })];
        const reads = [splitAt(a, cutsA), splitAt(b, cutsB)];
        const outcomes: MessageOutcome[][] = [[], []];
        for (let r = 0; r < Math.max(reads[0].length, reads[1].length); r++) {
          for (const k of [0, 1]) if (r < reads[k].length) decoders[k].push(reads[k][r], (outcome) => outcomes[k].push(outcome));
        }
        for (const k of [0, 1]) decoders[k].finish('half-close', (outcome) => outcomes[k].push(outcome));
        expect(outcomes[0]).toEqual(expectedOutcomes(a, options));
        expect(outcomes[1]).toEqual(expectedOutcomes(b, options));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['one ordinary buffer', (size: number): Uint8Array => new Uint8Array(size)],
    ['the SIMD region (the accelerated server’s shared read buffer)', (size: number): Uint8Array => placeInRegion(new Uint8Array(size))],
  ])('one shared buffer overwritten by every read (%s): the same object pushed again holds new bytes', (_name, sharedBuffer) => {
    const streamWithReadSize = fc.tuple(stream, fc.integer({ min: 1, max: 80 }));
    fc.assert(
      fc.property(streamWithReadSize, ([whole, readSize]) => {
        const kernel: Utf8Kernel = withChunkPrepass(simdUtf8Kernel);
        const shared = sharedBuffer(readSize);
        const decoder = new MessageDecoder({ ...options, kernel });
        const outcomes: MessageOutcome[] = [];
        for (let at = 0; at < whole.length; at += readSize) {
          const read = whole.subarray(at, at + readSize);
          shared.set(read);
          decoder.push(read.length === readSize ? shared : shared.subarray(0, read.length), (outcome) => outcomes.push(outcome));
        }
        decoder.finish('half-close', (outcome) => outcomes.push(outcome));
        expect(outcomes).toEqual(expectedOutcomes(whole, options));
      }),
      { numRuns: 200 },
    );
  });
});
