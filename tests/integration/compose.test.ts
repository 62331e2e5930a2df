/**
 * The real docker-compose.yml, as `docker compose up` runs it, with the images the global
 * setup built (LAB_IMAGE_TAG, --no-build, --pull never) and a unique project name so it never
 * meets a student's own lab session or another test run.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { composeContainers, composeNetworks, containerOutput, dockerode, exitCode, removeProject, run } from './support/docker';
import { exchange } from './support/line-client';
import { COMPOSE_FILE, countReply, composeEnvironment, NEVER_PULL, PROJECT_ROOT, SERVER_PORT, uniqueProjectName } from './support/lab';

const runId = inject('integrationRunId');

describe('docker compose up (detached, through DockerComposeEnvironment)', () => {
  const project = uniqueProjectName(runId, 'up');
  let environment: StartedDockerComposeEnvironment | undefined;

  beforeAll(async () => {
    try {
      environment = await new DockerComposeEnvironment(PROJECT_ROOT, COMPOSE_FILE)
        .withProjectName(project)
        .withEnvironment(composeEnvironment())
        .withPullPolicy(NEVER_PULL)
        .withClientOptions({ commandOptions: ['--no-build'] })
        // The client may still be running its session when up returns; then wait for it to end.
        .withWaitStrategy('client-1', Wait.forOneShotStartup())
        .withStartupTimeout(90_000)
        .up();
    } catch (error) {
      await removeProject(project);
      throw error;
    }
  });

  afterAll(async () => {
    await environment?.down({ timeout: 10_000 }).catch(() => undefined);
    await removeProject(project); // in case down() failed or up() never returned
    expect(await composeContainers(project)).toEqual([]);
    expect(await composeNetworks(project)).toEqual([]);
  });

  it('the server becomes healthy', async () => {
    const server = environment!.getContainer('server-1');
    const inspect = await (await dockerode()).getContainer(server.getId()).inspect();
    expect(inspect.State.Health?.Status).toBe('healthy');
    expect((await containerOutput(server.getId())).stdout).toMatch(/charcount-server listening on port 12345/);
  });

  it('the one-shot client exits 0 and its log holds the transcript', async () => {
    const [client] = await composeContainers(project, 'client'); // exited: getContainer() cannot see it
    expect(client).toBeDefined();
    const code = await exitCode(client!.Id);
    const { stdout, stderr } = await containerOutput(client!.Id);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/running lab-session\.txt against server:12345/);
    expect(stdout).toMatch(/^\s*#\s+preview\s+bytes\s+expected\s+reply\s+rtt-ms\s+ok\s*$/m);
    expect(stdout).toMatch(/^summary: (\d+) messages, \1 ok, 0 mismatched/m);
    expect(stdout).not.toContain('MISMATCH');
  });

  it('the server stays up and answers on the published port', async () => {
    const server = environment!.getContainer('server-1');
    expect(await exchange(server.getHost(), server.getMappedPort(SERVER_PORT), 'Halo dunia\n')).toEqual([countReply(10)]);
  });

  it('the lab runs on its own bridge network, with the hardening the compose file promises', async () => {
    const docker = await dockerode();
    const networks = await composeNetworks(project);
    expect(networks.map((n) => n.Name)).toEqual([`${project}_lab`]);
    expect((await docker.getNetwork(networks[0]!.Id).inspect()).Driver).toBe('bridge');

    for (const service of ['server', 'client']) {
      const [container] = await composeContainers(project, service);
      const { Config, HostConfig, NetworkSettings } = await docker.getContainer(container!.Id).inspect();
      expect(Config.User, service).toBe('node');
      expect(HostConfig.ReadonlyRootfs, service).toBe(true);
      expect(HostConfig.CapDrop, service).toEqual(['ALL']);
      expect(HostConfig.CapAdd ?? [], service).toEqual([]);
      expect(HostConfig.SecurityOpt, service).toContain('no-new-privileges:true');
      expect(HostConfig.Memory, service).toBeGreaterThan(0);
      expect(HostConfig.PidsLimit, service).toBeGreaterThan(0);
      expect(Object.keys(NetworkSettings.Networks), service).toEqual([`${project}_lab`]);
    }
  });
});

describe('docker compose up --exit-code-from client (attached, for automation)', () => {
  async function up(purpose: string, overrides: Record<string, string>) {
    const project = uniqueProjectName(runId, purpose);
    const env = { ...process.env, ...composeEnvironment(overrides), COMPOSE_PROJECT_NAME: project };
    try {
      const started = performance.now();
      const result = await run('docker', ['compose', '-f', COMPOSE_FILE, 'up', '--no-build', '--pull', 'never', '--exit-code-from', 'client'], {
        cwd: PROJECT_ROOT,
        env,
        timeoutMs: 120_000,
      });
      return { ...result, seconds: (performance.now() - started) / 1000 };
    } finally {
      await run('docker', ['compose', '-f', COMPOSE_FILE, 'down', '--timeout', '10'], { cwd: PROJECT_ROOT, env }).catch(() => undefined);
      await removeProject(project);
      expect(await composeContainers(project)).toEqual([]);
      expect(await composeNetworks(project)).toEqual([]);
    }
  }

  it('exits 0 with the transcript when every reply is as expected', async () => {
    const result = await up('exit0', {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/client-1\s+\|\s+summary: (\d+) messages, \1 ok, 0 mismatched/);
  });

  it("returns the client's non-zero code when a reply is not as expected", async () => {
    // The server refuses the script's 1500-byte message; the client expects its count.
    const result = await up('exit1', { MAX_MESSAGE_BYTES: '1000' });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('MISMATCH');
    expect(result.stdout).toMatch(/ERROR message longer than 1000 bytes/);
  });
});
