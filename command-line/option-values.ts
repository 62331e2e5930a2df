/** Reading option values the way every charcount command line does: one line naming what is allowed. */
import { UsageError } from './usage-error';

export function wholeNumberOption(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${flag} ${JSON.stringify(text)} is not allowed; give a whole number from ${min} to ${max}`);
  return value;
}
