/**
 * Numbers in a text a person reads, written as their language writes them: Indonesian puts a
 * comma before the decimals ("6,0 detik"), where "6.0" would read as six thousand.
 */
import type { Language } from '.';

/** A duration in seconds, from milliseconds: "6.0 s" in English, "6,0 detik" in Indonesian; with no `digits`, as many as it has ("1.5 s", "10 s"). */
export function formatSeconds(ms: number, language: Language, digits?: number): string {
  const number = digits === undefined ? String(ms / 1000) : (ms / 1000).toFixed(digits);
  return language === 'id' ? `${number.replace('.', ',')} detik` : `${number} s`;
}
