import { performance } from 'node:perf_hooks';
import type { LatencyPairs } from '../lib/latency';
import type { LoadResult } from '../lib/tasks';

/** Mismatches and errors a result keeps as examples: enough to see what went wrong. */
const MAX_SAMPLES = 5;

/** Counters shared by every kind of task; reset at mark-start. */
export class Meter {
  measuring = false;
  startedAt = 0;
  /** Round trips in the window, in nanoseconds, one pair per sample (these tasks have few). */
  latencyNs: LatencyPairs = [];
  messages = 0;
  bytes = 0;
  mismatches = 0;
  mismatchesByCategory: Record<string, number> = {};
  answeredByCategory: Record<string, number> = {};
  mismatchSamples: LoadResult['mismatchSamples'] = [];
  errors = 0;
  errorSamples: string[] = [];

  start(): void {
    this.latencyNs = [];
    this.messages = 0;
    this.bytes = 0;
    this.measuring = true;
    this.startedAt = performance.now();
  }

  recordRoundTrip(ms: number): void {
    this.latencyNs.push([Math.max(1, Math.round(ms * 1e6)), 1]);
  }

  mismatch(category: string, expected: string, got: Uint8Array): void {
    this.mismatches++;
    this.mismatchesByCategory[category] = (this.mismatchesByCategory[category] ?? 0) + 1;
    if (this.mismatchSamples.length < MAX_SAMPLES) {
      this.mismatchSamples.push({ category, expected: expected.slice(0, 160), got: Buffer.from(got).toString('utf8').slice(0, 160) });
    }
  }

  error(error: unknown): void {
    this.errors++;
    if (this.errorSamples.length < MAX_SAMPLES) {
      const e = error as NodeJS.ErrnoException;
      this.errorSamples.push(e?.code ?? e?.message ?? String(error));
    }
  }

  result(windowMs: number, unanswered: number, extra: LoadResult['extra'] = {}): LoadResult {
    return {
      windowMs,
      messages: this.messages,
      bytes: this.bytes,
      latencyNs: this.latencyNs,
      mismatches: this.mismatches,
      mismatchesByCategory: this.mismatchesByCategory,
      answeredByCategory: this.answeredByCategory,
      mismatchSamples: this.mismatchSamples,
      errors: this.errors,
      errorSamples: this.errorSamples,
      unanswered,
      extra,
    };
  }
}
