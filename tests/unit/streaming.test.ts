import { describe, expect, it } from 'vitest';
import type { MessageOutcome } from '../../protocol';
import { codePointsOf } from '../support/utf8-oracle';
import { utf8 } from './support/bytes';
import { DECODERS } from './support/decoders';

const CHUNK = 64 * 1024;

describe.each(DECODERS)('streaming a very long message ($name)', ({ newDecoder }) => {
  it('counts a 50 MiB message fed in 64 KiB chunks, with characters split across chunks', () => {
    // "aé€😀" is 10 bytes and 4 code points; 10 chunks of 64 KiB hold exactly 65536 copies,
    // and since 64 KiB is not a multiple of 10, chunk boundaries fall inside every kind of sequence.
    const unit = utf8('aé€😀');
    const period = new Uint8Array(unit.length * CHUNK);
    for (let i = 0; i < CHUNK; i++) period.set(unit, i * unit.length);
    const periods = 80; // 80 × 655360 bytes = 50 MiB
    const totalBytes = periods * period.length;
    expect(totalBytes).toBe(50 * 1024 * 1024);

    const decoder = newDecoder({ maxMessageBytes: 0, previewBytes: 64 });
    const seen: MessageOutcome[] = [];
    const collect = (o: MessageOutcome): void => {
      seen.push(o);
    };
    const heapBefore = process.memoryUsage().heapUsed;
    for (let p = 0; p < periods; p++) {
      for (let offset = 0; offset < period.length; offset += CHUNK) decoder.push(period.subarray(offset, offset + CHUNK), collect);
    }
    expect(seen).toEqual([]);
    expect(decoder.hasPendingBytes).toBe(true);
    decoder.push(utf8('\r\n'), collect);
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'count', chars: periods * CHUNK * 4, bytes: totalBytes });
    expect(seen[0].preview).toHaveLength(64);
    // The decoder keeps nothing proportional to the message (50 MiB); allow for GC noise.
    expect(heapGrowth).toBeLessThan(16 * 1024 * 1024);
  });

  it('counts a long message with detailed counts fed in odd-sized chunks', () => {
    const text = 'Halo dunia 😀 🇮🇩 e\u0301 你好 '.repeat(20_000);
    const data = utf8(`${text}\n`);
    const decoder = newDecoder({ maxMessageBytes: 0, detailedCounts: true });
    const seen: MessageOutcome[] = [];
    for (let offset = 0; offset < data.length; offset += 4099) decoder.push(data.subarray(offset, offset + 4099), (o) => seen.push(o));
    expect(seen).toHaveLength(1);
    const perRepeat = { chars: codePointsOf('Halo dunia 😀 🇮🇩 e\u0301 你好 '), utf16: 'Halo dunia 😀 🇮🇩 e\u0301 你好 '.length };
    expect(seen[0]).toMatchObject({
      kind: 'count',
      chars: perRepeat.chars * 20_000,
      utf16Units: perRepeat.utf16 * 20_000,
      graphemes: 20 * 20_000,
      bytes: data.length - 1,
    });
  });
});
