import type { RowResult, SessionResult, TranscriptRow } from './session';

export interface SessionSummary {
  /** Every message the run meant to send: ok + mismatched + unanswered + notSent. */
  messages: number;
  ok: number;
  mismatched: number;
  unanswered: number;
  notSent: number;
  connections: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  durationMs: number;
  /** Why the server could not be reached any more during the run; null when it could. */
  serverLost: string | null;
}

export function summarize(result: SessionResult): SessionSummary {
  const rtts = result.rows.flatMap((row) => (row.rttMs === null ? [] : [row.rttMs])).sort((a, b) => a - b);
  const counts = countResults(result.rows);
  return {
    messages: result.rows.length + result.notSent,
    ...counts,
    notSent: result.notSent,
    connections: result.connections,
    p50Ms: percentile(rtts, 0.5),
    p99Ms: percentile(rtts, 0.99),
    maxMs: rtts.length > 0 ? rtts[rtts.length - 1] : null,
    durationMs: result.durationMs,
    serverLost: result.serverLost ?? null,
  };
}

export function countResults(rows: TranscriptRow[]): Record<RowResult, number> {
  const counts: Record<RowResult, number> = { ok: 0, mismatched: 0, unanswered: 0 };
  for (const row of rows) counts[row.result]++;
  return counts;
}

function percentile(sorted: number[], quantile: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
}

export const ms = (value: number | null): string => (value === null ? '-' : value.toFixed(1));

/** One line; deliberately not shaped like a test runner's "N passed, N failed". */
export function formatSummary(summary: SessionSummary): string {
  const parts = [`${summary.messages} messages`, `${summary.ok} ok`, `${summary.mismatched} mismatched`];
  if (summary.unanswered > 0) parts.push(`${summary.unanswered} unanswered`);
  if (summary.notSent > 0) parts.push(`${summary.notSent} not sent`);
  parts.push(`${summary.connections} connections`, `p50 ${ms(summary.p50Ms)} ms`, `p99 ${ms(summary.p99Ms)} ms`, `max ${ms(summary.maxMs)} ms`);
  return `summary: ${parts.join(', ')}`;
}

const MAX_RANGES_NAMED = 8;

/** Message numbers as a short phrase: "message 3", "messages 3 and 15", "messages 3-5, 15 and 27", "... and 4 more". */
export function nameMessages(indices: number[]): string {
  const ranges: [number, number][] = [];
  for (const index of [...indices].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last !== undefined && index === last[1] + 1) last[1] = index;
    else ranges.push([index, index]);
  }
  const named = ranges.slice(0, MAX_RANGES_NAMED).map(([from, to]) => (from === to ? String(from) : `${from}-${to}`));
  const rest = ranges.slice(MAX_RANGES_NAMED).reduce((sum, [from, to]) => sum + to - from + 1, 0);
  if (rest > 0) named.push(`${rest} more`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
  return `${indices.length === 1 ? 'message' : 'messages'} ${list}`;
}
