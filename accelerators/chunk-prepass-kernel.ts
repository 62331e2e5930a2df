import { isAscii, isUtf8 } from 'node:buffer';
import { isContinuation, type Utf8Kernel } from '../protocol';
import { incompleteTailStart } from './word-kernel';

/**
 * Wraps a kernel so that a whole read is validated once, with one native call, before the
 * decoder asks about the messages in it: 16 pipelined 64-byte messages then cost one
 * `isAscii`/`isUtf8` call instead of 16. Cutting valid UTF-8 at LF bytes leaves valid UTF-8,
 * so every run inside the validated part is valid and only needs counting; an ASCII read
 * needs no counting at all.
 *
 * It remembers the chunk being pushed, and one kernel serves every connection: that is safe
 * because the event loop runs one push at a time, and a run of another chunk misses the memory.
 */
export function withChunkPrepass(inner: Utf8Kernel): Utf8Kernel {
  let chunk: Uint8Array | undefined;
  let validFrom = 0;
  let validUntil = 0;
  let ascii = false;
  const known = (bytes: Uint8Array, start: number, end: number): boolean =>
    bytes === chunk && start >= validFrom && end <= validUntil;
  return {
    name: `${inner.name}, whole reads validated first`,
    beginChunk(bytes) {
      chunk = bytes;
      ascii = isAscii(bytes);
      if (ascii) {
        validFrom = 0;
        validUntil = bytes.length;
        return;
      }
      // A read may start inside a character cut by the previous read: those bytes are the
      // state machine's; the validated part starts at the first byte that starts a character.
      validFrom = 0;
      while (validFrom < Math.min(3, bytes.length) && isContinuation(bytes[validFrom])) validFrom++;
      // All or nothing: a read with an invalid byte is left to the inner kernel, message by message.
      const safeEnd = incompleteTailStart(bytes, validFrom, bytes.length);
      validUntil = isUtf8(bytes.subarray(validFrom, safeEnd)) ? safeEnd : validFrom;
    },
    validPrefixEnd(bytes, start, end) {
      if (known(bytes, start, end)) return end;
      // A message running past the validated part (its last character cut by the end of the
      // read): only the bytes after the validated part need looking at.
      if (known(bytes, start, start) && start < validUntil) return inner.validPrefixEnd(bytes, validUntil, end);
      return inner.validPrefixEnd(bytes, start, end);
    },
    countCodePoints(bytes, start, end) {
      return ascii && known(bytes, start, end) ? end - start : inner.countCodePoints(bytes, start, end);
    },
  };
}
