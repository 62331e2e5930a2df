/**
 * The Gradescope autograder zip, run the way Gradescope runs it: `npm run package:gradescope`'s
 * packager writes the zip; an image is built as Gradescope documents it (the zip unpacked into
 * /autograder/source with its file modes, run_autograder copied to /autograder/run_autograder,
 * setup.sh run once as root) from python:3.13-slim-trixie, which has python3 but no Node, and
 * with no network at all, so the zip alone must bring Node and the checker. Each submission
 * then gets a fresh container without network, its files in /autograder/submission, and
 * /autograder/run_autograder runs; results.json is validated against the checker's Gradescope
 * schema and its scores checked.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerode, removeLabelledContainers } from './support/docker';
import { NEVER_PULL, PROJECT_ROOT, runLabels } from './support/lab';

const runId = inject('integrationRunId');
const IMAGE = `charcount-gradescope-test:${runId}`;
const SERVERS = join(PROJECT_ROOT, 'tests', 'checker', 'servers');
const TAMPER = join(PROJECT_ROOT, 'tests', 'integration', 'fixtures', 'gradescope-tamper', 'server.py');
const STAGES = ['listen', 'reply-text', 'count-unicode', 'second-client', 'long-message', 'split-character', 'concurrent-clients', 'invalid-utf8'];
const NOBODY = 65534;
/** npm run package:gradescope is `npm run build && ts-node platforms/gradescope/package.ts`; npm test builds first. */
const TS_NODE = join(PROJECT_ROOT, 'node_modules', '.bin', 'ts-node');
const PACKAGER = 'platforms/gradescope/package.ts';

const validate = new Ajv2020({ allErrors: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'checker', 'schemas', 'gradescope.schema.json'), 'utf8')),
);

/** What `unzip` does and Python's zipfile alone does not: give each file the mode stored in the zip. */
const UNZIP_KEEPING_MODES = `import os, sys, zipfile
archive, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(archive) as zip:
    for info in zip.infolist():
        path = zip.extract(info, target)
        mode = info.external_attr >> 16 & 0o777
        if mode:
            os.chmod(path, mode)
`;

const DOCKERFILE = `FROM python:3.13-slim-trixie
COPY autograder.zip unzip.py /tmp/
RUN python3 /tmp/unzip.py /tmp/autograder.zip /autograder/source \\
 && cp /autograder/source/run_autograder /autograder/run_autograder \\
 && mkdir -p /autograder/submission /autograder/results \\
 && cd /autograder/source && bash ./setup.sh
WORKDIR /autograder
`;

let context: string;
let packagerOutput: string;

async function buildImage(): Promise<void> {
  const docker = await dockerode();
  const stream = await docker.buildImage(
    { context, src: ['Dockerfile', 'autograder.zip', 'unzip.py'] },
    { t: IMAGE, networkmode: 'none', rm: true, forcerm: true, labels: runLabels(runId) },
  );
  const log: string[] = [];
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: { error?: string }[]) => {
        const failed = error?.message ?? events.find((event) => event.error)?.error;
        if (failed) reject(new Error(`the Gradescope-style image did not build: ${failed}\n${log.slice(-20).join('')}`));
        else resolve();
      },
      (event: { stream?: string }) => event.stream && log.push(event.stream),
    ),
  );
}

beforeAll(async () => {
  context = mkdtempSync(join(tmpdir(), 'charcount-gradescope-'));
  const packaged = await promisify(execFile)(TS_NODE, [PACKAGER, '--out', join(context, 'autograder.zip')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  packagerOutput = packaged.stdout;
  writeFileSync(join(context, 'unzip.py'), UNZIP_KEEPING_MODES);
  writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
  await buildImage();
});

afterAll(async () => {
  await removeLabelledContainers(runId);
  await (await dockerode()).getImage(IMAGE).remove({ force: true }).catch(() => undefined);
  if (context) rmSync(context, { recursive: true, force: true });
});

interface Graded {
  results: { score: number; output: string; tests: { name: string; score: number; max_score: number; status: string; output: string }[] };
  exitCode: number;
  container: StartedTestContainer;
}

/** A submission folder made of files (name in the submission: file on disk). */
function submission(files: Record<string, string>): string {
  const dir = mkdtempSync(join(context, 'submission-'));
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    copyFileSync(source, join(dir, name));
  }
  return dir;
}

/** Gradescope's harness for one submission: a fresh container, the files, run_autograder, results.json. */
async function grade(dir: string, keep = false): Promise<Graded> {
  const container = await new GenericContainer(IMAGE)
    .withPullPolicy(NEVER_PULL)
    .withNetworkMode('none')
    .withLabels(runLabels(runId))
    .withCopyDirectoriesToContainer([{ source: dir, target: '/autograder/submission' }])
    .withCommand(['sleep', 'infinity'])
    .start();
  try {
    const run = await container.exec(['/autograder/run_autograder'], { workingDir: '/autograder' });
    const results = await container.exec(['cat', '/autograder/results/results.json']);
    expect(results.exitCode, `no results.json; run_autograder said:\n${run.output}`).toBe(0);
    return { results: JSON.parse(results.stdout), exitCode: run.exitCode, container };
  } finally {
    if (!keep) await container.stop({ remove: true, timeout: 0 });
  }
}

function expectValid(results: unknown): void {
  expect(validate(results) ? '' : JSON.stringify(validate.errors)).toBe('');
}

const failedStages = (graded: Graded): string[] => graded.results.tests.filter((test) => test.status === 'failed').map((test) => test.name.split(':')[0]!);

describe('Gradescope autograder zip, in a container laid out as Gradescope documents', () => {
  it('the packager says what it wrote, and the image built with no network: setup.sh needed nothing but the zip', () => {
    expect(packagerOutput).toMatch(/^package:gradescope: wrote .*autograder\.zip \(\d+\.\d MB, \d+ files: Node v24\./u);
  });

  it('a rubric that names an unknown stage: the packager exits 2 with one line, and writes no zip', async () => {
    const rubric = join(context, 'bad-rubric.json');
    writeFileSync(rubric, '{"listn": 2}');
    const failed = await promisify(execFile)(TS_NODE, [PACKAGER, '--rubric', rubric, '--out', join(context, 'bad.zip')], { cwd: PROJECT_ROOT, encoding: 'utf8' }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^package:gradescope: the rubric .* names an unknown stage "listn"; the stages are: listen, [^\n]*\n$/u);
    expect(existsSync(join(context, 'bad.zip'))).toBe(false);
  });

  it('a correct server.py: full marks, every stage a passed test, results.json valid', async () => {
    const graded = await grade(submission({ 'server.py': join(SERVERS, 'localhost-submission', 'server.py') }));
    expectValid(graded.results);
    expect(graded.exitCode).toBe(0);
    expect(graded.results.score).toBe(STAGES.length);
    expect(graded.results.tests.map((test) => [test.name.split(':')[0], test.status, test.score, test.max_score])).toEqual(STAGES.map((id) => [id, 'passed', 1, 1]));
  });

  it('a server that counts bytes: the three stages it fails are failed tests with their traces, score 5', async () => {
    const graded = await grade(submission({ 'server.py': join(SERVERS, 'counts-bytes.py'), 'threaded_server.py': join(SERVERS, 'threaded_server.py') }));
    expectValid(graded.results);
    expect(failedStages(graded)).toEqual(['count-unicode', 'long-message', 'split-character']);
    expect(graded.results.score).toBe(5);
    for (const test of graded.results.tests.filter((entry) => entry.status === 'failed')) expect(test.output).toContain('expected');
  });

  it('a server that never listens: results.json still written, score 0, the reason for the student', async () => {
    const graded = await grade(submission({ 'server.py': join(SERVERS, 'exits-at-start.py'), 'threaded_server.py': join(SERVERS, 'threaded_server.py') }));
    expectValid(graded.results);
    expect(graded.results.score).toBe(0);
    expect(graded.results.output).toMatch(/exited with code 1 before listening: .*NameError/u);
    expect(failedStages(graded)).toEqual(STAGES);
  });

  it('a submission without server.py or start.sh: score 0, and the output says what to add', async () => {
    const graded = await grade(submission({ 'README.txt': join(SERVERS, 'README.md') }));
    expectValid(graded.results);
    expect(graded.results.score).toBe(0);
    expect(graded.results.output).toContain('no file of the submission starts a TCP server: put the server in server.py');
  });

  it('a start.sh inside the one folder uploaded: the command it names is checked, full marks', async () => {
    const start = join(context, 'start.sh');
    writeFileSync(start, 'exec python3 app.py\n');
    const graded = await grade(
      submission({ 'my-server/start.sh': start, 'my-server/app.py': join(SERVERS, 'correct-threads.py'), 'my-server/threaded_server.py': join(SERVERS, 'threaded_server.py') }),
    );
    expectValid(graded.results);
    expect(graded.results.score).toBe(STAGES.length);
  });

  it('a server that tries to overwrite results.json runs as nobody: every write fails, its detached child is gone, the grade is the checker’s', async () => {
    const graded = await grade(submission({ 'server.py': TAMPER, 'threaded_server.py': join(SERVERS, 'threaded_server.py') }), true);
    try {
      expectValid(graded.results);
      expect(graded.results.score).toBe(STAGES.length);
      expect(graded.results.tests).toHaveLength(STAGES.length);
      const log = (await graded.container.exec(['cat', '/tmp/tamper.log'])).stdout.split('\n').filter(Boolean);
      expect(log.length).toBeGreaterThan(0);
      expect(new Set(log)).toEqual(new Set(['PermissionError']));
      // Each process's owner and state; PID 1 here (sleep) reaps no one, so a killed child stays a zombie (Z): dead, it writes nothing.
      const listing = await graded.container.exec(['sh', '-c', 'for p in /proc/[0-9]*; do echo "$(stat -c %u "$p") $(sed "s/.*) //" "$p/stat" | cut -c1)"; done 2>/dev/null']);
      expect(listing.stdout, 'the listing reads processes at all').toMatch(/^0 [RS]$/mu);
      const alive = listing.stdout.split('\n').filter((line) => line !== '' && !line.endsWith(' Z'));
      expect(alive.filter((line) => line.startsWith(`${NOBODY} `)), listing.stdout).toEqual([]);
    } finally {
      await graded.container.stop({ remove: true, timeout: 0 });
    }
  });
});
