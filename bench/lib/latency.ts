/**
 * Round-trip times as [nanoseconds, count] pairs: what the C load generator's histogram
 * prints (bucket middles, under 1 % wide) and what the Node worker sends (exact samples).
 * Pairs from several generators add up; percentiles are read off the merged pairs.
 */
export type LatencyPairs = [number, number][];

export interface Percentiles {
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

const round = (x: number): number => Number(x.toPrecision(3));

/** The value at or below which `fraction` of the samples lie (nearest rank). */
function rank(sorted: LatencyPairs, total: number, fraction: number): number {
  const wanted = Math.max(1, Math.ceil(fraction * total));
  let seen = 0;
  for (const [value, count] of sorted) {
    seen += count;
    if (seen >= wanted) return value;
  }
  return sorted[sorted.length - 1][0];
}

export function percentiles(sets: readonly LatencyPairs[]): Percentiles {
  const sorted = sets.flat().sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return { p50Ms: null, p99Ms: null, maxMs: null };
  return {
    p50Ms: round(rank(sorted, total, 0.5) / 1e6),
    p99Ms: round(rank(sorted, total, 0.99) / 1e6),
    maxMs: round(sorted[sorted.length - 1][0] / 1e6),
  };
}
