/** The checker group in the terminal and on lab-notes/performance.md. */
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
    `${seconds(s.stagesMs)} s in the stages, ${seconds(s.outsideStagesMs)} s outside them${check.note ? ` (${check.note})` : ''}`
  );
}

/** "commit 54c4bca on 2026-12-01, in a full run" for one check: the page can mix checks from different runs. */
function provenance(check: CheckResult): string {
  const run = check.mode === 'full' ? 'a full run' : check.mode === 'partial' ? 'an `--only checker` run' : 'a quick run';
  return `commit ${check.source} on ${check.measuredAt.slice(0, 10)}, in ${run}`;
}

/** One sentence when every check came from the same run, else a column saying where each came from. */
function timesTable(checks: readonly CheckResult[]): string {
  const sources = new Set(checks.map(provenance));
  const perRow = sources.size > 1;
  const lines = [`| check | runs | median s | max s | target | |${perRow ? ' measured |' : ''}`, `|---|---:|---:|---:|---:|---|${perRow ? '---|' : ''}`];
  for (const c of checks) {
    const s = c.summary;
    const mark = c.status === 'ok' ? `**${verdict(c)}**` : `${c.status}: ${c.note ?? ''}`;
    const figures = s && c.status === 'ok' ? `${s.runs} | ${seconds(s.wallMs.median)} | ${seconds(s.wallMs.max)}` : '– | – | –';
    lines.push(`| ${c.title}: \`${c.command}\` | ${figures} | < ${c.targetSeconds} s | ${mark} |${perRow ? ` ${provenance(c)} |` : ''}`);
  }
  const table = lines.join('\n');
  return perRow ? table : `Measured at ${[...sources][0]}.\n\n${table}`;
}

function breakdownTable(checks: readonly CheckResult[]): string {
  const lines = ['| check | in the stages s | outside them s | slowest stages (median s) |', '|---|---:|---:|---|'];
  for (const c of checks) {
    const s = c.summary;
    if (!s || c.status !== 'ok') continue;
    const slowest = s.stages.slice(0, 3).map((x) => `${x.id} ${seconds(x.ms)}`).join(', ');
    lines.push(`| ${c.id} | ${seconds(s.stagesMs)} | ${seconds(s.outsideStagesMs)} | ${slowest} |`);
  }
  return lines.join('\n');
}

function setupNotes(checks: readonly CheckResult[], logicalCpus: BenchResults['machine'][string]): string {
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

export function renderCheckSection(results: BenchResults): string {
  const checks = results.checks ?? [];
  if (checks.length === 0) return '## charcount-check\n\n_Not measured in this run (`npm run bench -- --only checker` measures it and rewrites this section)._';
  return `## charcount-check: how long a student waits

The checker group times \`charcount-check\` as a student runs it, on a correct server: the
compiled \`node dist/checker/main.js\` from its start to its exit. Every run must exit 0 with
every stage passed (the bench fails otherwise); each command-target run gets a free port P,
so no run waits out the TIME_WAIT of the run before. The checker and the servers it starts
are not pinned to a CPU. A target is met when the slowest run is under it.

${timesTable(checks)}

Where the time goes, as medians: the stages' own durations from the JSON report, added up,
and the rest of the run (starting Node and the checker, starting the server and waiting
until it listens, stopping it; for the submission also the probe container, a container per
start of the server, and removing them).

${breakdownTable(checks)}

${setupNotes(checks, results.machine.logicalCpus)}

\`npm run bench -- --only checker\` measures this group alone and rewrites only this section's
figures (in bench/results/latest.json and on this page); the rest of the page stays from the
full run.`;
}
