/**
 * How fast charcount-grade grades a class: a generated class of 40 (correct servers written
 * three ways and every faulty server of tests/checker/servers, each student's copy with content
 * of its own, so each builds its own image as a real class does), graded by the compiled grader
 * with --jobs 1 and then --jobs 2, base and checker images already present.
 *
 *   npm run bench:grade -- [--count 40] [--jobs 1,2] [--keep DIR]
 *
 * Prints, per --jobs: wall time, submissions per minute, the grader's peak memory (its process,
 * worker threads included, from GNU time) and the machine's (memory in use above what it was at
 * the start: containers, dockerd and anything else running) and how busy the machine's CPUs
 * were, then the speed-up. Grades must
 * not depend on --jobs: a submission graded differently by the two runs is printed. --keep DIR
 * leaves the class and every run's output there, to read the feedback of such a submission.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fixtureSubmission, GRADER_JS } from '../tests/grader/support/class-builder';
import type { Grades } from '../grader/grades';

const CORRECT = ['correct-threads.py', 'correct-selectors.py', 'correct-asyncio.py'];
const FAULTY = [
  'counts-bytes.py',
  'counts-utf16.py',
  'normalizes.py',
  'one-recv.py',
  'one-client-exits.py',
  'one-at-a-time.py',
  'crashes-on-invalid.py',
  'answers-after-close.py',
  'english.py',
  'missing-space.py',
  'never-answers.py',
  'exits-at-start.py',
];
const SAMPLE_MS = 500;

/** 40 % correct, the rest each fault in turn: a class where most students have something to fix. */
function makeClass(root: string, count: number): void {
  const correct = Math.round(count * 0.4);
  for (let student = 1; student <= count; student++) {
    const fixture = student <= correct ? CORRECT[(student - 1) % CORRECT.length]! : FAULTY[(student - correct - 1) % FAULTY.length]!;
    fixtureSubmission(join(root, `student-${String(student).padStart(3, '0')}-${fixture.replace(/\.py$/, '')}`), fixture, student);
  }
}

/** Busy and total CPU time of the whole machine so far, in clock ticks (/proc/stat's first line). */
function cpuTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

function memoryInUseKib(): number {
  const info = readFileSync('/proc/meminfo', 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0);
  return field('MemTotal') - field('MemAvailable');
}

interface Measured {
  jobs: number;
  wallS: number;
  code: number | null;
  graderPeakMib: number;
  machinePeakMib: number;
  /** How busy the machine's CPUs were during the run, 0 to 1 (everything running, not only the grader). */
  cpuBusy: number;
  grades: Grades;
}

async function grade(classDir: string, out: string, jobs: number): Promise<Measured> {
  const baseline = memoryInUseKib();
  const cpuBefore = cpuTicks();
  let machinePeak = 0;
  const sampler = setInterval(() => (machinePeak = Math.max(machinePeak, memoryInUseKib() - baseline)), SAMPLE_MS);
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kib %M', process.execPath, GRADER_JS, classDir, '--out', out, '--jobs', String(jobs), '--seed', '1', '--force'], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallS = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const cpuAfter = cpuTicks();
  const cpuBusy = (cpuAfter.busy - cpuBefore.busy) / Math.max(1, cpuAfter.total - cpuBefore.total);
  const rss = Number(/peak-rss-kib (\d+)/.exec(stderr)?.[1] ?? NaN);
  if (!Number.isFinite(rss)) process.stderr.write(stderr);
  const grades = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as Grades;
  return { jobs, wallS, code, graderPeakMib: rss / 1024, machinePeakMib: machinePeak / 1024, cpuBusy, grades };
}

function differences(a: Grades, b: Grades): string[] {
  const other = new Map(b.submissions.map((grade) => [grade.name, grade]));
  return a.submissions.flatMap((grade) => {
    const twin = other.get(grade.name);
    const failed = (g: typeof grade): string => g.stages.filter((stage) => stage.status !== 'passed').map((stage) => stage.id).join(',');
    return twin && twin.score === grade.score && failed(twin) === failed(grade) ? [] : [`${grade.name}: ${grade.score} (${failed(grade)}) vs ${twin?.score} (${twin ? failed(twin) : 'missing'})`];
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string' }, jobs: { type: 'string' }, keep: { type: 'string' } } });
  const count = Number(values.count ?? 40);
  const jobsList = (values.jobs ?? '1,2').split(',').map(Number);
  const scratch = values.keep ?? mkdtempSync(join(tmpdir(), 'charcount-bench-class-'));
  try {
    const classDir = join(scratch, 'class');
    makeClass(classDir, count);
    const results: Measured[] = [];
    for (const jobs of jobsList) {
      process.stdout.write(`\n== ${count} submissions, --jobs ${jobs} ==\n`);
      results.push(await grade(classDir, join(scratch, `out-${jobs}`), jobs));
    }
    process.stdout.write(`\nclass of ${count} on ${availableParallelism()} CPUs (each submission's image built during the run; base and checker images present)\n`);
    for (const result of results) {
      process.stdout.write(
        `--jobs ${result.jobs}: ${result.wallS.toFixed(1)} s, ${((count / result.wallS) * 60).toFixed(1)} submissions/min, ` +
          `grader peak RSS ${result.graderPeakMib.toFixed(0)} MiB, machine memory in use +${result.machinePeakMib.toFixed(0)} MiB at peak, ` +
          `CPUs ${(result.cpuBusy * 100).toFixed(0)} % busy (the whole machine), exit ${result.code}\n`,
      );
    }
    const [first, ...rest] = results;
    for (const result of rest) {
      process.stdout.write(`speed-up --jobs ${first!.jobs} -> ${result.jobs}: ${(first!.wallS / result.wallS).toFixed(2)}x\n`);
      const changed = differences(first!.grades, result.grades);
      process.stdout.write(changed.length === 0 ? `grades identical with --jobs ${first!.jobs} and ${result.jobs}\n` : `graded differently:\n  ${changed.join('\n  ')}\n`);
    }
  } finally {
    if (values.keep === undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:grade: ${(error as Error).message}\n`);
  process.exit(1);
});
