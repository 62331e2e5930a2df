import { SIMD_REGION, type SimdRegion } from '../../../accelerators/simd-region';

/** Node 24 has WebAssembly SIMD; without it the accelerated server would silently count several times slower. */
export function simdRegion(): SimdRegion {
  if (SIMD_REGION === null) throw new Error('WebAssembly SIMD is unavailable on this Node, so the SIMD region could not be created');
  return SIMD_REGION;
}

/** Copies `content` into the SIMD region at `offset` and returns the view of it there. */
export function placeInRegion(content: Uint8Array, offset = 0): Buffer {
  const region = simdRegion().bytes;
  region.set(content, offset);
  return Buffer.from(region.buffer, region.byteOffset + offset, content.length);
}
