/**
 * The checker group's part of the results file: how long each charcount-check run took,
 * summarized, held to its target, and merged into a full run's file by `--only checker`.
 */
import type { BenchResults, Target } from './results';
import { stat, type Stat } from './stat';

export interface CheckRun {
  /** From starting `node dist/checker/main.js` to its exit: what the student waits. */
  wallMs: number;
  exitCode: number | null;
  seed: number | null;
  /** Each stage's own duration, from the JSON report. */
  stageMs: Record<string, number>;
  /** How often the program was started again (a one-client server: once per client). */
  restarts: number;
  /** Each restart, from the program's exit being seen to the next client connected. */
  restartMs: number[];
  /** A submission check: the containers it created (Docker's create events); null when Docker could not tell. */
  containersCreated?: number | null;
}

export interface CheckSummary {
  runs: number;
  wallMs: Stat;
  /** Medians of the stages' durations added up, and of the rest of the run (starting, stopping, containers). */
  stagesMs: number;
  outsideStagesMs: number;
  /** Median duration of each stage, slowest first. */
  stages: { id: string; ms: number }[];
  /** Median restarts per check, and every restart of every run (null when there were none). */
  restarts: number;
  restartMs: Stat | null;
  /** A submission check: the median of the containers each run created. */
  containersCreated?: number | null;
}

export interface CheckResult {
  id: string;
  title: string;
  /** The command line timed, as a user types it. */
  command: string;
  targetSeconds: number;
  /** Each restart must take less than this, when the check has a bound on restarts. */
  restartTargetMs?: number;
  status: 'ok' | 'failed' | 'skipped';
  note?: string;
  /**
   * Where each check's figures came from. Every check keeps its own, because `--only checker`
   * replaces the checks of a full run's results file and leaves the rest as it was.
   */
  measuredAt: string;
  source: string;
  mode: BenchResults['mode'];
  loadAverage: string;
  /** What was prepared before the timed runs, untimed (the checker's image). */
  setup?: string;
  /** The untimed first run of a submission check, which builds the submission's image if it is not cached. */
  warmup?: { wallMs: number; imageBuilt: boolean | null };
  runs: CheckRun[];
  summary: CheckSummary | null;
}

const median = (values: number[]): number => stat(values)?.median ?? 0;

export function summarizeCheck(runs: CheckRun[]): CheckSummary | null {
  const wall = stat(runs.map((r) => r.wallMs));
  if (wall === null) return null;
  const inStages = runs.map((r) => Object.values(r.stageMs).reduce((a, b) => a + b, 0));
  const ids = [...new Set(runs.flatMap((r) => Object.keys(r.stageMs)))];
  const stages = ids
    .map((id) => ({ id, ms: median(runs.map((r) => r.stageMs[id] ?? 0)) }))
    .sort((a, b) => b.ms - a.ms);
  return {
    runs: runs.length,
    wallMs: wall,
    stagesMs: median(inStages),
    outsideStagesMs: median(runs.map((r, i) => r.wallMs - inStages[i])),
    stages,
    restarts: median(runs.map((r) => r.restarts ?? 0)),
    restartMs: stat(runs.flatMap((r) => r.restartMs ?? [])),
    ...containersOf(runs),
  };
}

function containersOf(runs: CheckRun[]): Pick<CheckSummary, 'containersCreated'> {
  if (runs.every((r) => r.containersCreated === undefined)) return {};
  const counted = runs.flatMap((r) => (typeof r.containersCreated === 'number' ? [r.containersCreated] : []));
  return { containersCreated: counted.length === 0 ? null : median(counted) };
}

/** Each check against its target, judged by its slowest run: a student waits for every run, not the median one. */
export function checkTargets(checks: readonly CheckResult[]): Target[] {
  return checks.flatMap((check) => {
    const slowest = check.summary ? Number((check.summary.wallMs.max / 1000).toPrecision(3)) : null;
    const whole: Target = {
      id: check.id,
      group: 'checker',
      description: `charcount-check, ${check.title}: slowest of ${check.summary?.runs ?? 0} run(s), seconds`,
      value: check.status === 'ok' ? slowest : null,
      bound: `< ${check.targetSeconds}`,
      pass: check.status === 'ok' && slowest !== null ? slowest < check.targetSeconds : null,
      note: check.status === 'ok' ? undefined : check.note,
    };
    if (check.restartTargetMs === undefined) return [whole];
    const longest = check.summary?.restartMs?.max ?? null;
    const restart: Target = {
      id: `${check.id}-restart`,
      group: 'checker',
      description: `charcount-check, ${check.title}: longest restart (exit seen to next client connected) of ${check.summary?.runs ?? 0} run(s), ms`,
      value: check.status === 'ok' ? longest : null,
      bound: `< ${check.restartTargetMs}`,
      pass: check.status === 'ok' && longest !== null ? longest < check.restartTargetMs : null,
      note: check.status === 'ok' ? undefined : check.note,
    };
    return [whole, restart];
  });
}

/** `into` with the checks of `measured` in place of its own of the same id, in `order`. */
export function mergeChecks(into: BenchResults, measured: readonly CheckResult[], order: readonly string[]): BenchResults {
  const byId = new Map((into.checks ?? []).map((c) => [c.id, c]));
  for (const check of measured) byId.set(check.id, check);
  const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length);
  return { ...into, checks: [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id)) };
}
