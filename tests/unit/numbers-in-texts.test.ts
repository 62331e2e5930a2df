/** Durations in a text a person reads follow the reader's language (language/numbers.ts). */
import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../../language/numbers';
import { TRACE_TEXTS } from '../../checker/messages/trace-texts';

describe('durations as each language writes them', () => {
  it('English writes a decimal point and "s"; Indonesian a decimal comma and "detik"', () => {
    expect(formatSeconds(6000, 'en', 1)).toBe('6.0 s');
    expect(formatSeconds(6000, 'id', 1)).toBe('6,0 detik');
    expect(formatSeconds(1500, 'id')).toBe('1,5 detik');
    expect(formatSeconds(10_000, 'en')).toBe('10 s');
  });

  it('a trace line that waited for a reply says so in the reader\'s way', () => {
    expect(TRACE_TEXTS.id.gotNothing({ timeoutMs: 6000 })).toBe('tidak ada balasan dalam 6,0 detik (koneksi tetap terbuka)');
    expect(TRACE_TEXTS.en.gotNothing({ timeoutMs: 6000 })).toBe('no reply within 6.0 s (the connection stayed open)');
  });
});
