/**
 * charcount-grade on a small class, against real Docker, run as an instructor runs it
 * (dist/grader/main.js): a correct and a faulty server, six hostile ones, and a folder with no
 * server. Every hostile one is contained with a reason a student can read while the others are
 * graded right; the containers' configuration shows the limits (never traffic); a folder and a
 * zip of it grade the same; a re-run grades nothing again; Ctrl-C and the end of a run leave no
 * container, network or image of the run behind.
 */
import { mkdirSync, readdirSync, readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contentHash, SUBMISSION_LABEL } from '../../checker/targets/image-build';
import { readSubmission } from '../../checker/targets/submission-source';
import type { Grades, SubmissionGrade } from '../../grader/grades';
import { GRADE_LABEL } from '../../grader/run-leftovers';
import { fixtureSubmission, hostileSubmission } from '../grader/support/class-builder';
import { describeRun, runGrader, type GraderRun } from '../grader/support/grader-run';
import { zipFolder } from '../grader/support/zip-folder';
import { dockerode } from './support/docker';
import { CHECKER_IMAGE } from './support/lab';

inject('integrationRunId');
const MIB = 1024 * 1024;
const HOSTILE = ['fork-bomb', 'memory-hog', 'endless-output', 'ignores-sigterm', 'sleeps-before-listening', 'writes-outside-tmp', 'build-fork-bomb', 'build-disk-filler'];
/** A start time a loaded machine keeps (the memory hog must reach its limit within it). */
const GRADE_ARGS = ['--jobs', '2', '--seed', '7', '--start-timeout', '15'];
/** TMPDIR is the run's own (set in beforeAll): other grader runs on the machine stage their copies elsewhere. */
const ENV: Record<string, string> = { CHARCOUNT_CHECKER_IMAGE: CHECKER_IMAGE };
const POLL_MS = 300;
/**
 * One run of this class: 9 servers, 2 at once, 25 to 55 s each on a 2-core machine at load 20
 * (other suites building and checking beside it). The bound is for a run that hangs, not a speed goal.
 */
const RUN_LIMIT_MS = 900_000;
const TEST_LIMIT_MS = RUN_LIMIT_MS + 120_000;
/** From Ctrl-C to the grader's exit: each worker's own stop (20 s) and the removal of what the run made, on a loaded machine. */
const STOP_LIMIT_MS = 60_000;

let scratch: string;
let classDir: string;
let classZip: string;
const runIds = new Set<string>();

interface Seen {
  image: string;
  /** The content hash of the submission whose image it runs (its image's org.charcount-lab.submission label). */
  submission: string | undefined;
  user: string;
  hostConfig: Record<string, unknown>;
  networks: Record<string, unknown>;
}

function runIdOf(stdout: string): string {
  const match = new RegExp(`containers labelled ${GRADE_LABEL.replaceAll('.', '\\.')}=([0-9a-f]{8})`).exec(stdout);
  if (!match) throw new Error(`no run id in the grader's first line:\n${stdout}`);
  return match[1]!;
}

/** Runs the grader; while it runs, inspects every container of the run once (configuration only). */
async function gradeWatching(args: string[], started?: (child: ChildProcess, runId: () => string | null) => void): Promise<{ run: GraderRun; seen: Seen[] }> {
  const docker = await dockerode();
  const seen = new Map<string, Seen>();
  let stdout = '';
  let runId: string | null = null;
  let running = true;
  const watching = (async () => {
    while (running) {
      if (runId !== null) {
        for (const container of await docker.listContainers({ all: true, filters: { label: [`${GRADE_LABEL}=${runId}`] } })) {
          if (seen.has(container.Id)) continue;
          const info = await docker.getContainer(container.Id).inspect().catch(() => null);
          const labels = await docker.getImage(container.ImageID).inspect().then((image) => image.Config.Labels ?? {}, () => ({}) as Record<string, string>);
          if (info) {
            seen.set(container.Id, {
              image: info.Config.Image,
              submission: labels[SUBMISSION_LABEL],
              user: info.Config.User,
              hostConfig: info.HostConfig as unknown as Record<string, unknown>,
              networks: info.NetworkSettings.Networks,
            });
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  const run = await runGrader(args, {
    env: ENV,
    timeoutMs: RUN_LIMIT_MS,
    started: (child) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (runId === null && stdout.includes('\n')) {
          runId = runIdOf(stdout);
          runIds.add(runId);
        }
      });
      started?.(child, () => runId);
    },
  });
  running = false;
  await watching;
  return { run, seen: [...seen.values()] };
}

function readGrades(out: string): Grades {
  return JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as Grades;
}

function byName(grades: Grades): Record<string, SubmissionGrade> {
  return Object.fromEntries(grades.submissions.map((grade) => [grade.name, grade]));
}

const failedStages = (grade: SubmissionGrade): string[] => grade.stages.filter((stage) => stage.status === 'failed').map((stage) => stage.id);
const feedback = (out: string, name: string): string => readFileSync(join(out, 'feedback', `${name}.md`), 'utf8');

async function leftovers(runId: string): Promise<{ containers: number; networks: number }> {
  const docker = await dockerode();
  const filters = { label: [`${GRADE_LABEL}=${runId}`] };
  return { containers: (await docker.listContainers({ all: true, filters })).length, networks: (await docker.listNetworks({ filters })).length };
}

/** Images of the run (each carries its label): none may outlive it. Their intermediate steps are image-build.test.ts's. */
async function runImages(runId: string): Promise<string[]> {
  const images = await (await dockerode()).listImages({ all: true, filters: { label: [`${GRADE_LABEL}=${runId}`] } });
  return images.map((image) => `${image.Id} ${image.RepoTags?.join(',')}`);
}

/** What the runs left in their temporary folder (the staged class, a checker's unpacked copy): nothing, however a run ends. */
const temporaryFiles = (): string[] => readdirSync(ENV.TMPDIR!);

describe('charcount-grade on a class', () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'charcount-grade-it-'));
    ENV.TMPDIR = join(scratch, 'tmp');
    mkdirSync(ENV.TMPDIR);
    classDir = join(scratch, 'class');
    fixtureSubmission(join(classDir, 'correct'), 'correct-threads.py');
    fixtureSubmission(join(classDir, 'counts-bytes'), 'counts-bytes.py');
    for (const name of HOSTILE) hostileSubmission(join(classDir, name), name);
    // Nothing that starts a server: a note and a client, which never counts as the server.
    mkdirSync(join(classDir, 'no-server'), { recursive: true });
    writeFileSync(join(classDir, 'no-server', 'catatan.txt'), 'server saya belum selesai\n');
    writeFileSync(join(classDir, 'no-server', 'client.py'), 'import socket\ns = socket.create_connection(("localhost", 12345))\n');
    classZip = join(scratch, 'class.zip');
    // As an LMS download: everything under one top folder, with a Mac's litter beside it.
    await zipFolder(classDir, classZip, { top: 'class', macLitter: true });
  });

  afterAll(async () => {
    const docker = await dockerode();
    for (const runId of runIds) {
      for (const container of await docker.listContainers({ all: true, filters: { label: [`${GRADE_LABEL}=${runId}`] } })) {
        await docker.getContainer(container.Id).remove({ force: true }).catch(() => undefined);
      }
      for (const image of await docker.listImages({ filters: { label: [`${GRADE_LABEL}=${runId}`] } })) await docker.getImage(image.Id).remove().catch(() => undefined);
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  let folderGrades: Grades;
  const out1 = (): string => join(scratch, 'out-folder');

  it('contains every hostile submission with a reason a student can read, grades the others right, and exits 1 for the folder it could not run', async () => {
    const { run, seen } = await gradeWatching([classDir, '--out', out1(), ...GRADE_ARGS]);
    expect(run.code, describeRun(run)).toBe(1);
    folderGrades = readGrades(out1());
    const grades = byName(folderGrades);
    const scores = Object.fromEntries(Object.entries(grades).map(([name, grade]) => [name, `${grade.status} ${grade.score ?? '-'}/${grade.maxScore}`]));
    expect(scores, describeRun(run)).toEqual({
      correct: 'graded 8/8',
      'counts-bytes': 'graded 5/8',
      'fork-bomb': 'graded 8/8',
      'memory-hog': 'graded 0/8',
      'endless-output': 'graded 8/8',
      'ignores-sigterm': 'graded 8/8',
      'sleeps-before-listening': 'graded 0/8',
      'writes-outside-tmp': 'graded 0/8',
      'build-fork-bomb': 'graded 0/8',
      'build-disk-filler': 'graded 0/8',
      'no-server': 'error -/8',
    });
    // Stopped by the build's own limits, each within seconds, not by the build's time limit.
    expect(grades['build-fork-bomb']!.reason).toMatch(/^your submission did not build: a RUN step reached its limit of 64 processes \(a fork bomb\?\), and was stopped/);
    expect(grades['build-disk-filler']!.reason).toMatch(/^your submission did not build: a RUN step wrote more than 1024 MiB, and was stopped/);
    expect(failedStages(grades['counts-bytes']!)).toEqual(['count-unicode', 'long-message', 'split-character']);
    expect(grades['memory-hog']!.reason).toBe('your server was killed by SIGKILL for using more than its 256 MiB of memory before listening: memory hog: allocating until something stops me');
    expect(grades['sleeps-before-listening']!.reason).toBe('nothing listened on port 12345 within 15 s of starting your server (does it use port 12345, or the PORT environment variable?)');
    expect(grades['writes-outside-tmp']!.reason).toMatch(/^your server exited with code 1 before listening: (OSError: \[Errno 30\] Read-only file system|PermissionError: \[Errno 13\] Permission denied): '\/submission\/server\.log'$/);
    expect(grades['no-server']!.reason).toMatch(/no file of the submission starts a TCP server: put the server in server\.py .*client\.py is named like a client/);

    // What each one's feedback shows of it.
    expect(feedback(out1(), 'fork-bomb')).toContain('[your_server] fork bomb: fork failed (Resource temporarily unavailable); the process limit holds');
    const writes = feedback(out1(), 'writes-outside-tmp');
    for (const path of ['/submission/server.py', '/etc/passwd', '/usr/local/bin/evil', '/evil']) expect(writes).toMatch(new RegExp(`\\[your_server\\] write ${path}: (EROFS|EACCES)\\n`));
    expect(writes).toContain('[your_server] write /tmp/allowed.txt: ok');
    const endless = feedback(out1(), 'endless-output');
    expect(Buffer.byteLength(endless)).toBeLessThanOrEqual(64 * 1024);
    expect(endless).toContain('[your_server] endless output: spam');
    // Its report holds the checker's record of every stage, as the correct server's does; its endless
    // output adds at most the program's last lines, and in each of the 8 stages' records the first 40
    // lines it printed (RECORDED_OUTPUT_LINES), each cut to 300 characters (program-output.ts's LINE_CHARS).
    const reportBytes = (name: string): number => statSync(join(out1(), 'reports', `${name}.json`)).size;
    expect(reportBytes('endless-output')).toBeLessThan(reportBytes('correct') + 32 * 1024 + 8 * 40 * (300 + 100));

    // The limits, from the configuration of every container the run made (each inspected while it existed).
    // A server's container runs the submission's built image, which carries the submission label; the
    // containers of a build's RUN steps (image-build.test.ts checks those) run intermediate images, which do not.
    const servers = seen.filter((container) => container.image !== CHECKER_IMAGE && container.submission !== undefined);
    const probes = seen.filter((container) => container.image === CHECKER_IMAGE);
    expect(servers.length).toBeGreaterThanOrEqual(6);
    expect(probes.length).toBeGreaterThanOrEqual(6);
    for (const server of servers) {
      expect(server.user).toBe('10001:10001');
      expect(server.hostConfig).toMatchObject({
        NetworkMode: expect.stringMatching(/^container:[0-9a-f]{64}$/),
        PidMode: expect.stringMatching(/^container:[0-9a-f]{64}$/),
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges:true'],
        Privileged: false,
        Memory: 256 * MIB,
        MemorySwap: 256 * MIB,
        PidsLimit: 64,
        NanoCpus: 1e9,
        LogConfig: { Type: 'none', Config: {} },
        Tmpfs: { '/tmp': expect.stringMatching(/^rw,noexec,nosuid,nodev,size=\d+,mode=1777$/) },
      });
      expect(server.networks).toEqual({});
    }
    for (const probe of probes) expect(probe.hostConfig).toMatchObject({ NetworkMode: 'none', ReadonlyRootfs: true, CapDrop: ['ALL'] });
    const forkBomb = contentHash(await readSubmission(join(classDir, 'fork-bomb')));
    expect(servers.map((server) => server.submission)).toContain(forkBomb);

    expect(await leftovers(runIdOf(run.stdout))).toEqual({ containers: 0, networks: 0 });
    expect(await runImages(runIdOf(run.stdout))).toEqual([]);
    expect(temporaryFiles()).toEqual([]);
  }, TEST_LIMIT_MS);

  it('grades the zip of the class exactly as the folder: the same rows in grades.csv', async () => {
    const out = join(scratch, 'out-zip');
    const { run } = await gradeWatching([classZip, '--out', out, ...GRADE_ARGS]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout).toContain('(zip)');
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe(readFileSync(join(out1(), 'grades.csv'), 'utf8'));
    const statuses = (grades: Grades) => grades.submissions.map((grade) => [grade.name, grade.status, grade.stages.map((stage) => `${stage.id}:${stage.status}`)]);
    expect(statuses(readGrades(out))).toEqual(statuses(folderGrades));
    expect(await leftovers(runIdOf(run.stdout))).toEqual({ containers: 0, networks: 0 });
    expect(await runImages(runIdOf(run.stdout))).toEqual([]);
    expect(temporaryFiles()).toEqual([]);
  }, TEST_LIMIT_MS);

  it('grades nothing again in the same --out when nothing changed, and starts no container', async () => {
    const { run, seen } = await gradeWatching([classDir, '--out', out1(), ...GRADE_ARGS]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stdout.match(/unchanged since the last run \(not graded again\)/g)).toHaveLength(10);
    expect(seen).toEqual([]);
    // The same grades; only the time taken is gone, as nothing was graded this time.
    const withoutTime = (grades: Grades): object[] => grades.submissions.map(({ durationMs: _durationMs, ...grade }) => grade);
    expect(withoutTime(readGrades(out1()))).toEqual(withoutTime(folderGrades));
  }, TEST_LIMIT_MS);

  it('stops at Ctrl-C, removing every container of the run, the images it built and everything it staged in the temporary folder', async () => {
    const docker = await dockerode();
    let interruptedAt = Number.NaN;
    const { run } = await gradeWatching([classZip, '--out', join(scratch, 'out-interrupted'), ...GRADE_ARGS], (child, runId) => {
      const poll = setInterval(() => {
        const id = runId();
        if (id === null) return;
        void docker.listContainers({ filters: { label: [`${GRADE_LABEL}=${id}`] } }).then((containers) => {
          // Two submissions are under way, each with its probe and server: interrupt then.
          if (containers.length >= 3 && child.exitCode === null) {
            clearInterval(poll);
            interruptedAt = performance.now();
            child.kill('SIGINT');
          }
        });
      }, POLL_MS);
      child.once('close', () => clearInterval(poll));
    });
    expect(run.code, describeRun(run)).toBe(130);
    expect(run.stderr).toContain("charcount-grade: SIGINT: stopping; removing the run's containers and images");
    expect(run.stdout).toMatch(/interrupted: every container of the run is removed, and the images it built; \d+ of 11 submissions are done/);
    // From Ctrl-C, not from the start: unpacking the zip and two builds take what the machine's load makes them.
    expect(performance.now() - interruptedAt).toBeLessThan(STOP_LIMIT_MS);
    expect(await leftovers(runIdOf(run.stdout))).toEqual({ containers: 0, networks: 0 });
    expect(await runImages(runIdOf(run.stdout))).toEqual([]);
    expect(temporaryFiles()).toEqual([]);
  }, TEST_LIMIT_MS);
});
