/**
 * How fast charcount-grade grades a class: a class of 40 assembled from the test classes'
 * material, mixed as a real class hands it in: correct servers written three ways and every
 * faulty server of tests/checker/servers, in the layouts of the Moodle test class (server.py,
 * Server.py, tugas1_server.py beside a client.py, a zip the student made, a tar.gz, a notebook),
 * two hostile servers (endless output, a server that never listens in time), a folder with no
 * server and an empty one. Each student's copy has content of its own, so each builds its own
 * image as a real class does. Graded by the compiled grader with each --jobs in turn, base and
 * checker images already present.
 *
 *   npm run bench:grade -- [--count 40] [--jobs 1,2,4] [--keep DIR]
 *
 * Prints, per --jobs: wall time, submissions per minute, the grader's peak memory (its process,
 * worker threads included, from GNU time) and the machine's (memory in use above what it was at
 * the start: containers, dockerd and anything else running), how busy the machine's CPUs were
 * and its load average, where a submission's time went (its build, its stages, and the rest:
 * starting containers, waiting for the server to listen), the time per submission (median and
 * max) and the containers created per check (from the Docker engine's events), then the speed-up. Grades must not
 * depend on --jobs: a submission graded differently by two runs is printed. The figures are
 * written to bench/results/grade-class.json. --keep DIR leaves the class and every run's output
 * there, to read the feedback of such a submission.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { create as createTar } from 'tar';
import { fixtureSubmission, GRADER_JS, hostileSubmission, ROOT } from '../tests/grader/support/class-builder';
import { zipFolder } from '../tests/grader/support/zip-folder';
import { prepareCheckerImage } from './lib/check-image';
import { runIdIn, watchContainerCreation } from './grade-class-containers';
import { describeClassRun, GRADE_CLASS_RESULTS, type ClassResults, type ClassRun, type TimeSpent } from './grade-class-figures';
import { stat } from './lib/stat';
import { feedbackFileName, type Grades } from '../grader/grades';

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
/** The hostile servers a class of this size holds, and the two folders with nothing to grade. */
const HOSTILE = ['endless-output', 'sleeps-before-listening'];
const NOTHING = 2;
/** How a student hands the server in, in turn. */
const LAYOUTS = ['server.py', 'Server.py', 'beside-client', 'zip', 'tar.gz', 'notebook'] as const;
/**
 * The fixtures that are one file: the others import threaded_server.py, which starts a server
 * too, so under any name but server.py two files would compete (an error, as intake decides).
 */
const ONE_FILE = new Set(['correct-asyncio.py', 'correct-selectors.py']);
const KEEPS_ITS_NAME = new Set<(typeof LAYOUTS)[number]>(['server.py', 'zip', 'tar.gz']);
const CLIENT = 'import socket\nwith socket.create_connection(("localhost", 12345)) as s:\n    s.sendall(input().encode())\n    print(s.recv(1024).decode())\n';
const SAMPLE_MS = 500;

/** Re-lays a server.py submission (made by fixtureSubmission) out as `layout`; a one-file server keeps no helpers beside it. */
async function layOut(dir: string, fixture: string, layout: (typeof LAYOUTS)[number]): Promise<void> {
  const server = join(dir, 'server.py');
  const text = readFileSync(server, 'utf8');
  if (ONE_FILE.has(fixture)) for (const name of readdirSync(dir)) if (name !== 'server.py') rmSync(join(dir, name));
  switch (layout) {
    case 'server.py':
      return;
    case 'Server.py':
      rmSync(server);
      writeFileSync(join(dir, 'Server.py'), text);
      return;
    case 'beside-client':
      rmSync(server);
      writeFileSync(join(dir, 'tugas1_server.py'), text);
      writeFileSync(join(dir, 'client.py'), CLIENT);
      return;
    case 'notebook': {
      rmSync(server);
      const cells = [{ cell_type: 'markdown', source: ['# Tugas 1'], metadata: {} }, { cell_type: 'code', source: text.split(/(?<=\n)/), metadata: {}, outputs: [], execution_count: null }];
      writeFileSync(join(dir, 'tugas1.ipynb'), JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1));
      return;
    }
    case 'zip':
    case 'tar.gz': {
      const packed = mkdtempSync(join(tmpdir(), 'charcount-bench-pack-'));
      try {
        cpSync(dir, join(packed, 'tugas1'), { recursive: true });
        for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true });
        if (layout === 'zip') await zipFolder(join(packed, 'tugas1'), join(dir, 'tugas1.zip'));
        else await createTar({ gzip: true, file: join(dir, 'tugas1.tar.gz'), cwd: packed, portable: true }, ['tugas1']);
      } finally {
        rmSync(packed, { recursive: true, force: true });
      }
    }
  }
}

/** 40 % correct, the rest each fault in turn, two hostile and two with nothing to grade; every layout in turn. */
async function makeClass(root: string, count: number): Promise<void> {
  const correct = Math.round(count * 0.4);
  const faulty = count - correct - HOSTILE.length - NOTHING;
  for (let student = 1; student <= count; student++) {
    const id = String(student).padStart(3, '0');
    if (student <= correct + faulty) {
      const fixture = student <= correct ? CORRECT[(student - 1) % CORRECT.length]! : FAULTY[(student - correct - 1) % FAULTY.length]!;
      const dir = join(root, `student-${id}-${fixture.replace(/\.py$/, '')}`);
      fixtureSubmission(dir, fixture, student);
      const layout = LAYOUTS[(student - 1) % LAYOUTS.length]!;
      await layOut(dir, fixture, ONE_FILE.has(fixture) || KEEPS_ITS_NAME.has(layout) ? layout : 'server.py');
    } else if (student <= correct + faulty + HOSTILE.length) {
      const name = HOSTILE[student - correct - faulty - 1]!;
      hostileSubmission(join(root, `student-${id}-${name}`), name);
    } else if (student === count) {
      mkdirSync(join(root, `student-${id}-empty`), { recursive: true });
    } else {
      mkdirSync(join(root, `student-${id}-no-server`), { recursive: true });
      writeFileSync(join(root, `student-${id}-no-server`, 'client.py'), CLIENT);
    }
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

interface Measured extends ClassRun {
  grades: Grades;
}

async function grade(classDir: string, out: string, jobs: number): Promise<Measured> {
  const baseline = memoryInUseKib();
  const cpuBefore = cpuTicks();
  const loadBefore = loadavg()[0]!;
  let machinePeak = 0;
  const sampler = setInterval(() => (machinePeak = Math.max(machinePeak, memoryInUseKib() - baseline)), SAMPLE_MS);
  const started = performance.now();
  const args = [process.execPath, GRADER_JS, classDir, '--out', out, '--jobs', String(jobs), '--seed', '1', '--force', '--lang', 'en'];
  const containers = await watchContainerCreation();
  const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kib %M', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let runId: string | null = null;
  let firstLines = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    process.stdout.write(text);
    if (runId === null && firstLines.length < 4096) runId = runIdIn((firstLines += text));
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallS = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const cpuAfter = cpuTicks();
  const cpuBusy = (cpuAfter.busy - cpuBefore.busy) / Math.max(1, cpuAfter.total - cpuBefore.total);
  const rss = Number(/peak-rss-kib (\d+)/.exec(stderr)?.[1] ?? NaN);
  if (!Number.isFinite(rss)) process.stderr.write(stderr);
  const grades = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as Grades;
  const perSubmission = stat(grades.submissions.map((grade) => (grade.durationMs === null ? null : grade.durationMs / 1000)));
  return {
    jobs,
    wallS,
    code,
    graderPeakMib: rss / 1024,
    machinePeakMib: machinePeak / 1024,
    cpuBusy,
    load: [loadBefore, loadavg()[0]!],
    spent: timeSpent(out, grades),
    perSubmission,
    containers: await containers.stop(runId),
    grades,
  };
}

function timeSpent(out: string, grades: Grades): TimeSpent {
  const spent: TimeSpent = { submissions: 0, checks: 0, builds: 0, stages: 0 };
  for (const grade of grades.submissions) {
    if (grade.durationMs === null) continue;
    spent.submissions++;
    spent.checks += grade.durationMs / 1000;
    spent.stages += grade.stages.reduce((sum, stage) => sum + stage.durationMs, 0) / 1000;
    const feedback = readFileSync(join(out, 'feedback', feedbackFileName(grade.name)), 'utf8');
    spent.builds += Number(/image built in ([\d.]+) s/.exec(feedback)?.[1] ?? 0);
  }
  return spent;
}

function differences(a: Grades, b: Grades): string[] {
  const other = new Map(b.submissions.map((grade) => [grade.name, grade]));
  return a.submissions.flatMap((grade) => {
    const twin = other.get(grade.name);
    const failed = (g: typeof grade): string => g.stages.filter((stage) => stage.status !== 'passed').map((stage) => stage.id).join(',');
    const same = twin && twin.status === grade.status && twin.score === grade.score && failed(twin) === failed(grade);
    return same ? [] : [`${grade.name}: ${grade.status} ${grade.score} (${failed(grade)}) vs ${twin?.status} ${twin?.score} (${twin ? failed(twin) : 'missing'})`];
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string' }, jobs: { type: 'string' }, keep: { type: 'string' } } });
  const count = Number(values.count ?? 40);
  const jobsList = (values.jobs ?? '1,2,4').split(',').map(Number);
  const scratch = values.keep ?? mkdtempSync(join(tmpdir(), 'charcount-bench-class-'));
  let releaseImage = (): void => undefined;
  try {
    const image = prepareCheckerImage();
    if (!image.ready) throw new Error(image.reason);
    releaseImage = image.release;
    process.stdout.write(`${image.setup}\n`);
    const classDir = join(scratch, 'class');
    await makeClass(classDir, count);
    const results: Measured[] = [];
    for (const jobs of jobsList) {
      process.stdout.write(`\n== ${count} submissions, --jobs ${jobs} ==\n`);
      const result = await grade(classDir, join(scratch, `out-${jobs}`), jobs);
      results.push(result);
      process.stdout.write(describeClassRun(result, count));
    }
    process.stdout.write(`\nclass of ${count} on ${availableParallelism()} CPUs (each submission's image built during the run; base and checker images present)\n`);
    for (const result of results) process.stdout.write(describeClassRun(result, count));
    const [first, ...rest] = results;
    for (const result of rest) {
      process.stdout.write(`speed-up --jobs ${first!.jobs} -> ${result.jobs}: ${(first!.wallS / result.wallS).toFixed(2)}x\n`);
      const changed = differences(first!.grades, result.grades);
      process.stdout.write(changed.length === 0 ? `grades identical with --jobs ${first!.jobs} and ${result.jobs}\n` : `graded differently:\n  ${changed.join('\n  ')}\n`);
    }
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const summary = results.map(({ grades, ...result }) => ({ ...result, changedFromFirst: differences(first!.grades, grades) }));
    const saved: ClassResults = { measuredAt: new Date().toISOString(), count, cpus: availableParallelism(), runs: summary };
    writeFileSync(GRADE_CLASS_RESULTS, `${JSON.stringify(saved, null, 2)}\n`);
    process.stdout.write(`wrote ${GRADE_CLASS_RESULTS}\n`);
  } finally {
    releaseImage();
    if (values.keep === undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:grade: ${(error as Error).message}\n`);
  process.exit(1);
});
