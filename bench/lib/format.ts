/** How figures are written in the terminal, the tables and the chart, and when a ratio is not a result. */
import { GENERATOR_BOUND_PCT } from './peer-labels';
import type { Stat, Summary } from './results';

/** Three significant digits, thousands separated: 1,230,000 / 12.3 / 0.0456. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits));
  return Math.abs(rounded) >= 1000 ? Math.round(rounded).toLocaleString('en') : String(rounded);
}

/** The median, and in brackets the smallest and largest run when they differ. */
export function range(s: Stat | null | undefined, runs: number): string {
  if (!s) return '–';
  if (runs <= 1 || s.min === s.max) return num(s.median);
  return `${num(s.median)} <small>[${num(s.min)}–${num(s.max)}]</small>`;
}

export function ratio(x: number | null | undefined, y: number | null | undefined): number | null {
  return x != null && y != null && y > 0 && Number.isFinite(x) ? x / y : null;
}

export function times(r: number | null): string {
  return r === null ? '–' : `${num(r, 2)}×`;
}

export function pct(a: number, b: number): string {
  return b > 0 ? `${num((a / b) * 100, 2)} %` : '–';
}

/** The load generator was at or above the bound in this peer's runs: it, not the server, may have been the limit. */
export const generatorBound = (s: Summary | null | undefined): boolean => (s?.loadCpuPct ?? 0) >= GENERATOR_BOUND_PCT;

/** The generator's CPU as it stands next to a ratio: "generator 45 %". */
export const generatorCpu = (s: Summary | null | undefined): string => `generator ${num(s?.loadCpuPct)} %`;

/** A ratio of two peers' figures, or "generator-bound" when either run was: then the ratio is not a result. */
export function boundedRatio(value: number | null, reference: number | null, x: Summary | null, ref: Summary | null): string {
  return generatorBound(x) || generatorBound(ref) ? 'generator-bound' : times(ratio(value, reference));
}

/** The ratio to C with both runs' generator CPU next to it: "0.61×; generator 45 %, C's 50 %". */
export function ratioWithGenerator(value: number | null, reference: number | null, x: Summary | null, ref: Summary | null): string {
  return `${boundedRatio(value, reference, x, ref)}; ${generatorCpu(x)}, C's ${num(ref?.loadCpuPct)} %`;
}
