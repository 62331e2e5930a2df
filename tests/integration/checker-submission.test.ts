/**
 * charcount-check --submission against real Docker: folders built into images (server.py
 * alone, a Dockerfile, the classic starter), checked through the probe agent in the
 * server's own network namespace. Isolation is shown by the containers' configuration and
 * by what a submission can do from inside (never by sending traffic anywhere), and cleanup by
 * Docker's own lists: no container or network of a check outlives it, even a killed checker.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_TIMING } from '../../checker/engine/timing';
import type { CheckReport } from '../../checker/model';
import { CHECK_LABEL, type SubmissionLimits } from '../../checker/targets/container-specs';
import { readSubmission } from '../../checker/targets/submission-source';
import { createSubmissionTarget } from '../../checker/targets/submission-target';
import type { Target } from '../../checker/targets/target';
import { dockerode, removeLabelledContainers } from './support/docker';
import { checkAssignment } from './support/assignment-check';
import { CHECKER_IMAGE, PROJECT_ROOT, runLabels, SERVER_PORT } from './support/lab';

const runId = inject('integrationRunId');
const SERVERS = join(PROJECT_ROOT, 'tests', 'checker', 'servers');
const FIXTURES = join(PROJECT_ROOT, 'tests', 'integration', 'fixtures');
const MIB = 1024 * 1024;
const ASSIGNMENT_STAGES = ['listen', 'reply-text', 'count-unicode', 'second-client', 'long-message', 'split-character', 'concurrent-clients', 'invalid-utf8'];

interface Seen {
  notices: string[];
  output: string[];
}

let checks = 0;
/** A label value of its own for each target, so a test can list exactly its containers. */
function newCheckId(): string {
  return `${runId}-${++checks}`;
}

/** Each check builds its own image and removes it (image 'own'), as the grader does; charcount-check's shared images are tested on a copy of their own. */
async function submissionTarget(
  dir: string,
  checkId: string,
  limits: Partial<SubmissionLimits> = {},
  image: 'own' | 'shared' = 'own',
): Promise<{ target: Target; seen: Seen }> {
  const seen: Seen = { notices: [], output: [] };
  const target = await createSubmissionTarget({
    dir,
    port: SERVER_PORT,
    startTimeoutMs: DEFAULT_TIMING.startTimeoutMs,
    notice: (line) => seen.notices.push(line),
    onOutput: (line) => seen.output.push(line),
    shownOutputLines: 200,
    limits,
    probeImage: CHECKER_IMAGE,
    runId: checkId,
    labels: runLabels(runId),
    image,
  });
  return { target, seen };
}

/** A whole check of the assignment level, as charcount-check --submission runs it. */
async function check(dir: string, image: 'own' | 'shared' = 'own'): Promise<{ report: CheckReport; seen: Seen; checkId: string }> {
  const checkId = newCheckId();
  const { target, seen } = await submissionTarget(dir, checkId, {}, image);
  try {
    const report = await checkAssignment(target, (line) => seen.notices.push(line));
    return { report, seen, checkId };
  } finally {
    await target.dispose();
  }
}

function statuses(report: CheckReport): Record<string, string> {
  return Object.fromEntries(report.stages.map((stage) => [stage.id, stage.status]));
}

async function containersOf(checkId: string, all = true) {
  return (await dockerode()).listContainers({ all, filters: { label: [`${CHECK_LABEL}=${checkId}`] } });
}

/** The start events of a check's containers since `since` (seconds): the id of the container started, in order. */
async function containerStarts(checkId: string, since: number): Promise<string[]> {
  const stream = (await (await dockerode()).getEvents({
    since,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ['container'], event: ['start'], label: [`${CHECK_LABEL}=${checkId}`] },
  })) as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

describe('charcount-check --submission', () => {
  let scratch: string;
  /** A copy of localhost-submission that only this run has: its shared image is this run's alone. */
  let ownCopy: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'charcount-check-it-'));
    ownCopy = join(scratch, 'localhost-submission');
    cpSync(join(SERVERS, 'localhost-submission'), ownCopy, { recursive: true });
    writeFileSync(join(ownCopy, 'run.txt'), `${runId}\n`);
  });

  afterAll(async () => {
    await removeLabelledContainers(runId);
    const { tag } = await readSubmission(ownCopy);
    await (await dockerode()).getImage(tag).remove().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('a server.py-only submission bound to localhost passes every assignment stage, and leaves no container or image behind', async () => {
    const { report, seen, checkId } = await check(join(SERVERS, 'localhost-submission'));
    expect(report.stages.map((stage) => stage.id)).toEqual(ASSIGNMENT_STAGES);
    expect(report.stages.filter((stage) => stage.status !== 'passed').map((stage) => `${stage.id}: ${stage.message}`)).toEqual([]);
    expect(report.score).toBe(8);
    expect(seen.notices[0]).toMatch(/^building .*localhost-submission\/server\.py on python:3\.13-slim \(no Dockerfile\) into charcount-submission:[0-9a-f]{16}-[0-9a-f]{8}-\d+$/);
    expect(seen.output).toContain('server.py: listening on localhost:12345');
    expect(await containersOf(checkId)).toEqual([]);
    expect(await (await dockerode()).listNetworks({ filters: { label: [`${CHECK_LABEL}=${checkId}`] } })).toEqual([]);
    expect(await (await dockerode()).listImages({ all: true, filters: { label: [`${CHECK_LABEL}=${checkId}`] } })).toEqual([]);
  });

  it('a server bound to socket.gethostname() is reached as on a laptop: the container name resolves to its loopback, and every stage passes', async () => {
    const { report, seen } = await check(join(FIXTURES, 'gethostname-submission'));
    expect(seen.output).toContain('server.py: listening on charcount-check (127.0.0.1):12345');
    expect(report.stages.filter((stage) => stage.status !== 'passed').map((stage) => `${stage.id}: ${stage.message}`)).toEqual([]);
    expect(report.score).toBe(8);
  });

  it('a server bound to 127.0.1.1 (Debian s address for the host name) is found there and reached there, and every stage passes', async () => {
    const dir = mkdtempSync(join(scratch, 'binds-hostname-'));
    copyFileSync(join(SERVERS, 'binds-hostname.py'), join(dir, 'server.py'));
    copyFileSync(join(SERVERS, 'threaded_server.py'), join(dir, 'threaded_server.py'));
    const { report, seen } = await check(dir);
    expect(seen.output).toContain('binds-hostname: listening on 127.0.1.1:12345');
    expect(report.stages.filter((stage) => stage.status !== 'passed').map((stage) => `${stage.id}: ${stage.message}`)).toEqual([]);
    const connects = report.stages.flatMap((stage) => stage.record).filter((event) => event.kind === 'connect');
    expect(connects.length).toBeGreaterThan(0);
    expect(new Set(connects.map((event) => event.address))).toEqual(new Set(['127.0.1.1:12345']));
  });

  it('charcount-check keeps the image of a folder, and checking the unchanged folder again uses it', async () => {
    const { tag } = await readSubmission(ownCopy);
    const first = await check(ownCopy, 'shared');
    expect(first.report.score).toBe(8);
    expect(first.seen.notices[0]).toMatch(new RegExp(`into ${tag}$`));
    const kept = await (await dockerode()).getImage(tag).inspect();
    const again = await check(ownCopy, 'shared');
    expect(again.report.score).toBe(8);
    expect(again.seen.notices).toContain('image already built (the folder is unchanged)');
    expect((await (await dockerode()).getImage(tag).inspect()).Id).toBe(kept.Id);
  });

  it('a submission with a Dockerfile is built from it and passes', async () => {
    const { report, seen } = await check(join(SERVERS, 'dockerfile-submission'));
    expect(seen.notices[0]).toMatch(/^building .*dockerfile-submission\/Dockerfile into charcount-submission:/);
    expect(report.stages.filter((stage) => stage.status !== 'passed').map((stage) => `${stage.id}: ${stage.message}`)).toEqual([]);
  });

  it('the classic starter is started again after each exit inside its running container: no new container, no container start, each run s output shown once', async () => {
    const since = Math.floor(Date.now() / 1000);
    const { report, seen, checkId } = await check(join(PROJECT_ROOT, 'starter', 'python'));
    // Two containers were ever started, once each: the probe's and the server's, whose supervisor
    // starts the program again for each run (the build's last step, which carries the labels
    // too, is never started).
    const starts = await containerStarts(checkId, since);
    expect(starts).toHaveLength(2);
    expect(new Set(starts).size).toBe(2);
    // Each run printed "Waiting..." once, and the live output shows it once per run: no run's
    // output is repeated by a later one.
    const restarts = report.stages.flatMap((stage) => stage.record).filter((event) => event.kind === 'program-start').length;
    expect(restarts).toBeGreaterThan(4);
    expect(seen.output.filter((line) => line === 'Waiting...')).toHaveLength(restarts + 1);
    // Each stage's record holds only what the runs during that stage printed.
    for (const stage of report.stages) {
      const runs = stage.record.filter((event) => event.kind === 'program-start').length;
      const printed = stage.record.filter((event) => event.kind === 'program-output' && event.line === 'Waiting...').length;
      expect(printed, stage.id).toBeLessThanOrEqual(runs + 1);
    }
    // Every exit the record shows is the program's own: 0 after its client, 1 after a crash.
    const exits = report.stages.flatMap((stage) => stage.record).filter((event) => event.kind === 'program-exit');
    expect(exits.length).toBeGreaterThan(0);
    for (const exit of exits) expect([0, 1], JSON.stringify(exit)).toContain(exit.code);
    expect(statuses(report)).toEqual({
      listen: 'passed',
      'reply-text': 'passed',
      'count-unicode': 'passed',
      'second-client': 'failed',
      'long-message': 'failed',
      'split-character': 'failed',
      'concurrent-clients': 'failed',
      'invalid-utf8': 'failed',
    });
    expect(seen.notices).toContain('your server exited with code 0; starting it again for stage reply-text');
    // Its crash on a split character is started again: either before a stage's client, or, when
    // the client reached it on its way out, with that client repeated once on the fresh process.
    expect(seen.notices).toContainEqual(expect.stringMatching(/^your server exited with code 1(; starting it again for stage | without answering this client)/));
    expect(report.stages.find((stage) => stage.id === 'second-client')!.message).toBe(
      'expected the same server process to keep serving clients, but got your server exited with code 0 after its first client',
    );
  });

  it('a build that fails is a start error naming the failed step, with the build s last lines shown', async () => {
    const checkId = newCheckId();
    const { target, seen } = await submissionTarget(join(FIXTURES, 'build-fails'), checkId);
    try {
      const started = await target.ensureRunning();
      expect(started).toEqual({
        ok: false,
        reason: `your submission did not build: The command '/bin/sh -c echo "installing the server" && echo "pip: no network here" && exit 3' returned a non-zero code: 3 (the build's last lines are above)`,
      });
      expect(seen.notices).toContain("the build's last lines:");
      expect(seen.notices).toContain('  | pip: no network here');
    } finally {
      await target.dispose();
    }
    expect(await containersOf(checkId)).toEqual([]);
  });

  describe('while a submission runs', () => {
    const checkId = newCheckId();
    let target: Target;
    let seen: Seen;
    const limits = { memoryBytes: 128 * MIB, pids: 32, cpus: 0.5 };

    beforeAll(async () => {
      ({ target, seen } = await submissionTarget(join(FIXTURES, 'isolation-report'), checkId, limits));
      expect(await target.ensureRunning()).toEqual({ ok: true });
    });

    afterAll(async () => {
      await target?.dispose();
    });

    it('the server runs as uid 10001 with no network of its own, a read-only root, no capabilities and the limits asked for', async () => {
      const docker = await dockerode();
      const containers = await containersOf(checkId, false);
      const probe = containers.find((container) => container.Image === CHECKER_IMAGE)!;
      const server = containers.find((container) => container.Image !== CHECKER_IMAGE)!;
      expect(containers).toHaveLength(2);
      const { Config, HostConfig, NetworkSettings } = await docker.getContainer(server.Id).inspect();
      expect(Config.User).toBe('10001:10001');
      expect(Config.Env).toContain(`PORT=${SERVER_PORT}`);
      expect(Config.Labels).toMatchObject({ [CHECK_LABEL]: checkId });
      expect(HostConfig.NetworkMode).toBe(`container:${probe.Id}`);
      expect(HostConfig.PidMode).toBe(`container:${probe.Id}`);
      expect(NetworkSettings.Networks).toEqual({});
      expect(HostConfig.ReadonlyRootfs).toBe(true);
      expect(HostConfig.Tmpfs).toEqual({ '/tmp': expect.stringMatching(/^rw,noexec,nosuid,nodev,size=\d+,mode=1777$/) });
      expect(HostConfig.CapDrop).toEqual(['ALL']);
      expect(HostConfig.CapAdd ?? []).toEqual([]);
      expect(HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
      expect(HostConfig.Privileged).toBe(false);
      expect([HostConfig.Memory, HostConfig.MemorySwap, HostConfig.PidsLimit, HostConfig.NanoCpus]).toEqual([128 * MIB, 128 * MIB, 32, 0.5e9]);
      expect(HostConfig.AutoRemove).toBe(false);
    });

    it('the probe container has no network but its loopback, and the same hardening', async () => {
      const docker = await dockerode();
      const [probe] = (await containersOf(checkId, false)).filter((container) => container.Image === CHECKER_IMAGE);
      const { Config, HostConfig } = await docker.getContainer(probe!.Id).inspect();
      expect(Config.User).toBe('node');
      expect(HostConfig.NetworkMode).toBe('none');
      expect(HostConfig.ReadonlyRootfs).toBe(true);
      expect(HostConfig.CapDrop).toEqual(['ALL']);
      expect(HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
      expect(HostConfig.Memory).toBeGreaterThan(0);
    });

    it('from inside, the server is not root and can write nowhere but /tmp', () => {
      expect(seen.output).toContain('uid=10001 gid=10001');
      expect(seen.output).toContain('write /tmp/written.txt: ok');
      for (const path of ['/submission/written.txt', '/written.txt', '/etc/written.txt']) {
        expect(seen.output.find((line) => line.startsWith(`write ${path}: `))).toMatch(/: (EROFS|EACCES)$/);
      }
    });

    it('the probes reach the server bound to localhost through the agent, and dispose removes both containers', async () => {
      const connection = await target.network.connect(target.host, target.port, 2000);
      expect(await connection.waitForPeerClose(2000)).toBe('closed');
      await connection.abort();
      await target.dispose();
      expect(await containersOf(checkId)).toEqual([]);
    });
  });

  it('a checker killed with SIGKILL leaves nothing running: the agent sees its stdin end, and the server dies with it', async () => {
    const checkId = newCheckId();
    const scratch = mkdtempSync(join(tmpdir(), 'charcount-killed-checker-'));
    const driver = join(scratch, 'driver.js');
    writeFileSync(
      driver,
      `const { createSubmissionTarget } = require(${JSON.stringify(join(PROJECT_ROOT, 'dist', 'checker', 'targets', 'submission-target.js'))});
createSubmissionTarget({ dir: ${JSON.stringify(join(SERVERS, 'localhost-submission'))}, port: ${SERVER_PORT}, startTimeoutMs: 10000,
  notice: () => {}, onOutput: () => {}, shownOutputLines: 0, probeImage: ${JSON.stringify(CHECKER_IMAGE)},
  runId: ${JSON.stringify(checkId)}, labels: ${JSON.stringify(runLabels(runId))}, image: 'own' })
  .then((target) => target.ensureRunning())
  .then((started) => { console.log(JSON.stringify(started)); setInterval(() => {}, 1000); });
`,
    );
    const checker = spawn(process.execPath, [driver], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(checker.stdout, 'data')) as [Buffer];
      expect(JSON.parse(line.toString())).toEqual({ ok: true });
      expect(await containersOf(checkId, false)).toHaveLength(2);
      checker.kill('SIGKILL');
      await expect.poll(async () => (await containersOf(checkId, false)).length, { timeout: 15_000, interval: 250 }).toBe(0);
    } finally {
      checker.kill('SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
      // Exited, not running: removed here, as a grader would (docker container prune --filter label=...).
      const docker = await dockerode();
      for (const container of await containersOf(checkId)) await docker.getContainer(container.Id).remove({ force: true });
      for (const image of await docker.listImages({ filters: { label: [`${CHECK_LABEL}=${checkId}`] } })) await docker.getImage(image.Id).remove();
    }
  });
});
