/** Bytes as a stage's record keeps them: all of a short piece, the head and tail of a long one. */
import type { RecordedBytes } from '../model';

/** Bytes kept at each end of a long piece: a 1 MiB message must not make the report 1 MiB longer per write. */
const KEPT_AT_EACH_END = 128;

export function recordedBytes(bytes: Uint8Array): RecordedBytes {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length <= 2 * KEPT_AT_EACH_END) return { length: view.length, base64: view.toString('base64'), omitted: 0 };
  const kept = Buffer.concat([view.subarray(0, KEPT_AT_EACH_END), view.subarray(view.length - KEPT_AT_EACH_END)]);
  return { length: view.length, base64: kept.toString('base64'), omitted: view.length - kept.length };
}
