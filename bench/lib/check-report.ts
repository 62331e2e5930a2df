/** The checker group in the terminal, and its tables on lab-notes/performance.md (the prose around them is the page's own). */
import type { CheckResult } from './check-results';
import type { BenchResults } from './results';

/** Hundredths of a second, rounded once (toFixed alone turns 2.545 into 2.54). */
const seconds = (ms: number): string => (Math.round(ms / 10) / 100).toFixed(2);

function verdict(check: CheckResult): string {
  if (check.status !== 'ok' || !check.summary) return check.status;
  return check.summary.wallMs.max < check.targetSeconds * 1000 ? 'met' : 'missed';
}

export function renderCheckTerminal(check: CheckResult): string {
  const head = `  ${check.id.padEnd(24)}`;
  const s = check.summary;
  if (check.status !== 'ok' || !s) return `${head} ${check.status}: ${check.note ?? ''}`;
  return (
    `${head} median ${seconds(s.wallMs.median)} s, max ${seconds(s.wallMs.max)} s over ${s.runs} run(s), target < ${check.targetSeconds} s: ${verdict(check).toUpperCase()}; ` +
    `${seconds(s.stagesMs)} s in the stages, ${seconds(s.outsideStagesMs)} s outside them${restartText(check)}${containerText(check)}; load average ${check.loadAverage} at its start${check.note ? ` (${check.note})` : ''}`
  );
}

/** "; 13 restarts per check, each 95 ms median, 140 ms max" when the program was started again. */
function restartText(check: CheckResult): string {
  const s = check.summary;
  if (!s?.restartMs) return '';
  return `; ${s.restarts} restarts per check, each ${s.restartMs.median} ms median, ${s.restartMs.max} ms max${check.restartTargetMs === undefined ? '' : ` (target < ${check.restartTargetMs} ms)`}`;
}

/** "; 2 containers per check" for a submission check. */
function containerText(check: CheckResult): string {
  const created = check.summary?.containersCreated;
  return created === undefined ? '' : `; ${created ?? 'unknown'} containers created per check`;
}

/** "commit 54c4bca on 2026-12-01, in a full run" for one check: the page can mix checks from different runs. */
function provenance(check: CheckResult): string {
  const run = check.mode === 'full' ? 'a full run' : check.mode === 'partial' ? 'an `--only checker` run' : 'a quick run';
  return `commit ${check.source} on ${check.measuredAt.slice(0, 10)}, in ${run}`;
}

/** One sentence when every check came from the same run, else a column saying where each came from. */
export function checkTimesTable(checks: readonly CheckResult[]): string {
  const sources = new Set(checks.map(provenance));
  const perRow = sources.size > 1;
  const lines = [
    `| check | runs | median s | max s | target | | restarts per check | restart ms, median / max |${perRow ? ' measured |' : ''}`,
    `|---|---:|---:|---:|---:|---|---:|---:|${perRow ? '---|' : ''}`,
  ];
  for (const c of checks) {
    const s = c.summary;
    const mark = c.status === 'ok' ? `**${verdict(c)}**` : `${c.status}: ${c.note ?? ''}`;
    const figures = s && c.status === 'ok' ? `${s.runs} | ${seconds(s.wallMs.median)} | ${seconds(s.wallMs.max)}` : '– | – | –';
    const restarts = s?.restartMs && c.status === 'ok' ? `${s.restarts} | ${s.restartMs.median} / ${s.restartMs.max}${c.restartTargetMs === undefined ? '' : ` (< ${c.restartTargetMs})`}` : `${s && c.status === 'ok' ? (s.restarts ?? 0) : '–'} | –`;
    lines.push(`| ${c.title}: \`${c.command}\` | ${figures} | < ${c.targetSeconds} s | ${mark} | ${restarts} |${perRow ? ` ${provenance(c)} |` : ''}`);
  }
  const table = lines.join('\n');
  return perRow ? table : `Measured at ${[...sources][0]}.\n\n${table}`;
}

export function checkBreakdownTable(checks: readonly CheckResult[]): string {
  const lines = ['| check | in the stages s | outside them s | slowest stages (median s) |', '|---|---:|---:|---|'];
  for (const c of checks) {
    const s = c.summary;
    if (!s || c.status !== 'ok') continue;
    const slowest = s.stages.slice(0, 3).map((x) => `${x.id} ${seconds(x.ms)}`).join(', ');
    lines.push(`| ${c.id} | ${seconds(s.stagesMs)} | ${seconds(s.outsideStagesMs)} | ${slowest} |`);
  }
  return lines.join('\n');
}

export function checkSetupNotes(checks: readonly CheckResult[], logicalCpus: BenchResults['machine'][string]): string {
  const notes: string[] = [];
  for (const c of checks) {
    if (c.setup) notes.push(`- ${c.id}: ${c.setup}.`);
    if (c.warmup) {
      const image = c.warmup.imageBuilt === null ? '' : c.warmup.imageBuilt ? ', which built the submission image' : ', the submission image already built';
      notes.push(`- ${c.id}: the untimed warm-up run took ${seconds(c.warmup.wallMs)} s${image}; the timed runs found the image cached (it is tagged by the folder's hash).`);
    }
  }
  // The machine is shared: how busy it was says how much to trust a slow run.
  const loads = checks.map((c) => Number(c.loadAverage.split(' ')[0]));
  notes.push(`- Load average (1 min) when each check started: ${checks.map((c, i) => `${c.id} ${loads[i]}`).join(', ')} (on ${logicalCpus} logical CPUs).`);
  if (typeof logicalCpus === 'number' && loads.some((load) => load > logicalCpus)) {
    notes.push(
      '  Above the CPU count, other jobs were competing for the CPUs: the slowest runs measure how busy the machine was as much as the checker.',
    );
  }
  return notes.join('\n');
}
