import type { Utf8Kernel } from '../protocol';
import { SIMD_REGION } from './simd-region';
import { countContinuationBytes, validPrefixEnd } from './word-kernel';

/** Below this many bytes the call into WebAssembly costs more than it saves. */
const SHORT_RANGE = 32;

/**
 * Counts 16 bytes at a time with WebAssembly SIMD where the bytes lie in the SIMD region (the
 * shared read buffer reads into it), and on 32-bit words elsewhere. Validation is the word
 * kernel's (`buffer.isUtf8`, already SIMD inside Node). Where WebAssembly SIMD is unavailable
 * this is the word kernel.
 */
export const simdUtf8Kernel: Utf8Kernel = {
  name: 'isUtf8 + WebAssembly SIMD',
  validPrefixEnd,
  countCodePoints(bytes, start, end) {
    const inRegion = end - start < SHORT_RANGE ? -1 : (SIMD_REGION?.countContinuationBytes(bytes, start, end) ?? -1);
    return end - start - (inRegion >= 0 ? inRegion : countContinuationBytes(bytes, start, end));
  },
};
