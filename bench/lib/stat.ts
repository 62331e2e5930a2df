/** Median, smallest and largest of a set of measurements. */
export interface Stat {
  median: number;
  min: number;
  max: number;
}

export function stat(values: (number | null)[]): Stat | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median: Number(median.toPrecision(3)), min: v[0], max: v[v.length - 1] };
}
