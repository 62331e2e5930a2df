/**
 * The figures of the last class graded by `npm run bench:grade` (bench/results/grade-class.json),
 * as lines: what that bench prints at its end and what `npm run bench` repeats, so the class's
 * wall time per --jobs shows beside the server's and the checker's figures. Grading a class of 40
 * takes far longer than the bench's 10 minutes, so `npm run bench` reads them rather than measures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../tests/support/paths';
import type { ContainerCount } from './grade-class-containers';
import type { Stat } from './lib/stat';

export const GRADE_CLASS_RESULTS = join(ROOT, 'bench', 'results', 'grade-class.json');

/** Where the time of the checked submissions went, in seconds summed over them. */
export interface TimeSpent {
  submissions: number;
  /** Their checks' wall time, build included (grades.json's durationMs). */
  checks: number;
  /** Building their images ("image built in N s", from the checker's notices in the feedback). */
  builds: number;
  /** Running their stages (the report's stage durations). */
  stages: number;
}

export interface ClassRun {
  jobs: number;
  wallS: number;
  code: number | null;
  graderPeakMib: number;
  machinePeakMib: number;
  /** How busy the machine's CPUs were during the run, 0 to 1 (everything running, not only the grader). */
  cpuBusy: number;
  /** The 1-minute load average at the start and at the end. */
  load: [number, number];
  spent: TimeSpent;
  /** Each checked submission's wall time, build included, in seconds (absent from results measured before it was). */
  perSubmission?: Stat | null;
  /** The containers the run created, per check (absent from older results; null when the run's id was not seen). */
  containers?: ContainerCount | null;
}

export interface ClassResults {
  measuredAt: string;
  count: number;
  cpus: number;
  runs: (ClassRun & { changedFromFirst: string[] })[];
}

export function describeClassRun(run: ClassRun, count: number): string {
  const { spent } = run;
  const per = (seconds: number): string => (seconds / Math.max(1, spent.submissions)).toFixed(1);
  const rest = spent.checks - spent.builds - spent.stages;
  return (
    `--jobs ${run.jobs}: ${run.wallS.toFixed(1)} s, ${((count / run.wallS) * 60).toFixed(1)} submissions/min, ` +
    `CPUs ${(run.cpuBusy * 100).toFixed(0)} % busy (the whole machine), load ${run.load[0].toFixed(1)} -> ${run.load[1].toFixed(1)}, ` +
    `grader peak RSS ${run.graderPeakMib.toFixed(0)} MiB, machine memory in use +${run.machinePeakMib.toFixed(0)} MiB at peak, exit ${run.code}\n` +
    `  per checked submission (${spent.submissions}): ${per(spent.checks)} s, of which build ${per(spent.builds)} s, stages ${per(spent.stages)} s, ` +
    `the rest (container starts, waiting to listen, removal) ${per(rest)} s\n` +
    (run.perSubmission ? `  time per checked submission: median ${run.perSubmission.median.toFixed(1)} s, max ${run.perSubmission.max.toFixed(1)} s\n` : '') +
    (run.containers === undefined ? '' : `  containers created per check: ${describeContainers(run.containers)}\n`)
  );
}

function describeContainers(count: ContainerCount | null): string {
  if (count === null) return "not counted (the run's id was not in the grader's first line)";
  if (count.checks === 0) return 'none (no check started a container)';
  const each = (stat: Stat | null): string => (stat === null ? '-' : stat.median === stat.max ? `${stat.median}` : `median ${stat.median}, max ${stat.max}`);
  return (
    `probe ${each(count.perCheck.probe)}, server ${each(count.perCheck.server)}, image build steps ${each(count.perCheck.build)} ` +
    `(${count.checks} checks: ${count.created.probe} probe, ${count.created.server} server and ${count.created.build} build-step containers)`
  );
}

/** The last class's figures, or one line saying how to measure them. */
export function lastClassFigures(): string {
  if (!existsSync(GRADE_CLASS_RESULTS)) return 'charcount-grade, a class: not measured yet (npm run bench:grade, about an hour on 2 CPUs)\n';
  const results = JSON.parse(readFileSync(GRADE_CLASS_RESULTS, 'utf8')) as ClassResults;
  return (
    `charcount-grade, a class of ${results.count} on ${results.cpus} CPUs, measured ${results.measuredAt} by npm run bench:grade:\n` +
    results.runs.map((run) => describeClassRun(run, results.count)).join('')
  );
}
