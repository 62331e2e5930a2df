/**
 * Every way the server can decode, for the decoder tests to run over (describe.each): the
 * decoder's own byte-by-byte state machine (no kernel, the reference), and the decoder with
 * each UTF-8 kernel. Whatever the kernel, every outcome (counts, error offsets and reasons,
 * too-long) must be the same.
 */
import { acceleratedSeams } from '../../../accelerators';
import { withChunkPrepass } from '../../../accelerators/chunk-prepass-kernel';
import { simdUtf8Kernel } from '../../../accelerators/simd-kernel';
import { wordUtf8Kernel } from '../../../accelerators/word-kernel';
import { MessageDecoder, plainUtf8Kernel, type MessageDecoderOptions, type MessageOutcome, type Utf8Kernel } from '../../../protocol';
import { placeInRegion, simdRegion } from './simd-region-reads';

type End = 'quiet' | 'half-close' | null;

export interface DecoderUnderTest {
  name: string;
  newDecoder(options: MessageDecoderOptions): MessageDecoder;
  /** Feeds `chunks` to a fresh decoder, then ends the stream as `end` says; returns every outcome in order. */
  decodeChunks(chunks: readonly Uint8Array[], options: MessageDecoderOptions, end?: End): MessageOutcome[];
  /** Feeds the whole stream as one chunk. */
  decodeWhole(stream: Uint8Array, options: MessageDecoderOptions, end?: End): MessageOutcome[];
}

/**
 * A decoder fed the way the accelerated server feeds it: every read lands at the start of the
 * SIMD region (the shared read buffer) and is decoded before the next read overwrites it.
 */
class DecoderReadingIntoRegion extends MessageDecoder {
  override push(chunk: Uint8Array, onMessage: (outcome: MessageOutcome) => void): void {
    if (chunk.length === 0) return super.push(chunk, onMessage);
    const readSize = simdRegion().bytes.length;
    for (let at = 0; at < chunk.length; at += readSize) super.push(placeInRegion(chunk.subarray(at, at + readSize)), onMessage);
  }
}

function decoderUnderTest(name: string, newDecoder: (options: MessageDecoderOptions) => MessageDecoder): DecoderUnderTest {
  const decodeChunks = (chunks: readonly Uint8Array[], options: MessageDecoderOptions, end: End = 'half-close'): MessageOutcome[] => {
    const decoder = newDecoder(options);
    const outcomes: MessageOutcome[] = [];
    const collect = (outcome: MessageOutcome): void => void outcomes.push(outcome);
    for (const chunk of chunks) decoder.push(chunk, collect);
    if (end !== null) decoder.finish(end, collect);
    return outcomes;
  };
  return { name, newDecoder, decodeChunks, decodeWhole: (stream, options, end) => decodeChunks([stream], options, end) };
}

const withKernel = (kernel: Utf8Kernel): DecoderUnderTest =>
  decoderUnderTest(kernel.name, (options) => new MessageDecoder({ ...options, kernel }));

export const REFERENCE_DECODER = decoderUnderTest('the state machine alone (reference)', (options) => new MessageDecoder(options));

const accelerated = acceleratedSeams().utf8Kernel;

export const DECODERS: readonly DecoderUnderTest[] = [
  REFERENCE_DECODER,
  withKernel(plainUtf8Kernel),
  withKernel(wordUtf8Kernel),
  withKernel(simdUtf8Kernel),
  withKernel(withChunkPrepass(simdUtf8Kernel)),
  decoderUnderTest(`${accelerated.name}, reads in the SIMD region (ACCELERATION=on)`, (options) => new DecoderReadingIntoRegion({ ...options, kernel: accelerated })),
];
