/**
 * The server container under faults, as docker-compose.yml runs it (read-only root, every
 * capability dropped, the non-root node user, no-new-privileges, restart: unless-stopped):
 *
 * - it passes the hardening suite's protocol tests (the reference model and its fuzzing,
 *   tests/hardening/) through the published port;
 * - killed with SIGKILL during a session, it comes back, and a client that retries its
 *   connection completes the lab script.
 *
 * One compose project with a unique name; afterAll removes its containers and network even
 * when a test fails.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { composeContainers, composeNetworks, containerOutput, dockerode, removeProject, run, type CommandResult } from './support/docker';
import { LineClient } from './support/line-client';
import { CLIENT_IMAGE, COMPOSE_FILE, composeEnvironment, countReply, PROJECT_ROOT, RUN_LABEL, SERVER_PORT, uniqueProjectName } from './support/lab';
import { INVALID_CLASSES } from '../hardening/model';
import { INVALID_SAMPLES } from '../hardening/byte-streams';
import { play } from '../hardening/play';
import { describeScenario, expectedFor, quietScenario, strictScenario, type Scenario } from '../hardening/scenarios';

const runId = inject('integrationRunId');
const project = uniqueProjectName(runId, 'resilience');
const env = { ...process.env, ...composeEnvironment(), COMPOSE_PROJECT_NAME: project };
const HOST = '127.0.0.1';
const QUIET_MS = 150; // the server's default, which the compose file keeps
const MODEL = { maxMessageBytes: 16 * 1024 * 1024 };

function compose(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
  return run('docker', ['compose', '-f', COMPOSE_FILE, ...args], { cwd: PROJECT_ROOT, env, timeoutMs });
}

async function composeOk(args: string[], timeoutMs?: number): Promise<CommandResult> {
  const result = await compose(args, timeoutMs);
  if (result.code !== 0) throw new Error(`docker compose ${args.join(' ')} exited ${result.code}: ${result.stderr || result.stdout}`);
  return result;
}

async function serverId(): Promise<string> {
  const [server] = await composeContainers(project, 'server');
  if (!server) throw new Error('no server container');
  return server.Id;
}

/** The host port the server's 12345 is published on right now (it can change when the container restarts). */
async function hostPort(): Promise<number> {
  const { stdout } = await composeOk(['port', 'server', String(SERVER_PORT)]);
  const port = Number(/:(\d+)\s*$/.exec(stdout.trim())?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no published port in ${JSON.stringify(stdout)}`);
  return port;
}

async function inspectServer() {
  return (await dockerode()).getContainer(await serverId()).inspect();
}

/** Waits (bounded) until the server container is running and healthy again. */
async function waitHealthy(timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { State } = await inspectServer();
    if (State.Running && State.Health?.Status === 'healthy') return;
    if (performance.now() > deadline) throw new Error(`server not healthy within ${timeoutMs} ms: ${JSON.stringify(State)}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/**
 * The client image on the lab network, hardened like the compose client service, running the
 * default lab script with connection retries (--wait-timeout 60); started while the server is
 * down, it has to retry until the server is back. Resolves with its exit code and output.
 * (`docker compose run client` would rebuild the image first: the service has pull_policy: build.)
 */
function clientWithRetries(): Promise<CommandResult> {
  return run(
    'docker',
    [
      'run', '--rm', '--init', '--label', `${RUN_LABEL}=${runId}`, '--network', `${project}_lab`,
      '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true',
      '-e', 'SERVER_HOST=server', '-e', `SERVER_PORT=${SERVER_PORT}`,
      CLIENT_IMAGE, 'run', '--wait-timeout', '60',
    ],
    { timeoutMs: 150_000 },
  );
}

beforeAll(async () => {
  try {
    await composeOk(['up', '--detach', '--no-build', '--pull', 'never', '--wait', 'server'], 180_000);
  } catch (error) {
    await removeProject(project);
    throw error;
  }
});

afterAll(async () => {
  await compose(['down', '--timeout', '5', '--volumes'], 60_000).catch(() => undefined);
  await removeProject(project); // whatever down() could not remove
  expect(await composeContainers(project)).toEqual([]);
  expect(await composeNetworks(project)).toEqual([]);
});

describe('the hardened server container', () => {
  it('runs with a read-only root, no capabilities, as uid 1000, without new privileges, and restart: unless-stopped', async () => {
    const { Config, HostConfig } = await inspectServer();
    expect(Config.User).toBe('node');
    expect(HostConfig.ReadonlyRootfs).toBe(true);
    expect(HostConfig.CapDrop).toEqual(['ALL']);
    expect(HostConfig.SecurityOpt).toContain('no-new-privileges:true');
    expect(HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    const check = await run('docker', ['exec', await serverId(), 'sh', '-c', 'id -u; grep -E "^(CapEff|NoNewPrivs):" /proc/1/status; touch /app/x 2>&1 || echo read-only']);
    expect(check.stdout).toMatch(/^1000$/m);
    expect(check.stdout).toMatch(/^CapEff:\s+0+$/m);
    expect(check.stdout).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(check.stdout).toMatch(/read-only/);
  });

  it('passes the hardening protocol tests through the published port: every invalid class at every ending, and generated streams against the reference model', async () => {
    const port = await hostPort();
    const check = async (scenario: Scenario, quietMode: boolean): Promise<void> => {
      const expected = expectedFor(scenario, quietMode, MODEL);
      const result = await play(HOST, port, scenario, { quietPeriodMs: QUIET_MS, model: MODEL, timeoutMs: 15_000 });
      expect(result.lines, describeScenario(scenario).slice(0, 2000)).toEqual(expected);
      if (scenario.halfClose) expect(result.ended, `${describeScenario(scenario).slice(0, 300)}: ended after the half-close`).toBe(true);
    };

    // Every invalid class, ended by LF, CR LF, the quiet period and a half-close.
    const table: Scenario[] = [];
    for (const invalid of INVALID_CLASSES) {
      for (const sample of INVALID_SAMPLES[invalid]) {
        const bytes = Buffer.concat([Buffer.from('héllo '), sample]);
        table.push(
          { steps: [{ bytes: Buffer.concat([bytes, Buffer.from('\n')]), delayMs: 0 }, { pause: true }], halfClose: false },
          { steps: [{ bytes: Buffer.concat([bytes, Buffer.from('\r\n')]), delayMs: 0 }, { pause: true }], halfClose: false },
          { steps: [{ bytes, delayMs: 0 }, { pause: true }], halfClose: false },
          { steps: [{ bytes, delayMs: 0 }], halfClose: true },
        );
      }
    }
    for (let i = 0; i < table.length; i += 16) await Promise.all(table.slice(i, i + 16).map((s) => check(s, true)));

    // Generated: any chunking, then a half-close (150 runs); classic bursts and pauses (12 sessions).
    await fc.assert(
      fc.asyncProperty(strictScenario({ maxMessages: 6, maxRun: 20_000, runWeight: 1, maxDelayMs: 2 }), (scenario) => check(scenario, true)),
      { numRuns: 150, interruptAfterTimeLimit: 60_000 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(quietScenario({ maxMessages: 3, maxRun: 200, runWeight: 1, maxDelayMs: 2, maxBursts: 3 }), { minLength: 6, maxLength: 6 }),
        async (batch) => {
          await Promise.all(batch.map((scenario) => check(scenario, true)));
        },
      ),
      { numRuns: 2, interruptAfterTimeLimit: 60_000 },
    );
    expect((await inspectServer()).State.Running).toBe(true);
  });
});

describe('SIGKILL during a session', () => {
  /** An open session with a few exchanges done and more messages in flight. */
  async function session(): Promise<LineClient> {
    const client = await LineClient.connect(HOST, await hostPort());
    await client.write('Halo dunia\n');
    expect(await client.readLine()).toBe(countReply(10));
    await client.write('satu\ndua\n');
    expect(await client.readLines(2)).toEqual([countReply(4), countReply(3)]);
    return client;
  }

  /** The session's connection is gone: reading fails instead of hanging. */
  async function expectSessionBroken(client: LineClient): Promise<void> {
    await client.write('masih ada?\n').catch(() => undefined);
    await expect(client.readLine(10_000)).rejects.toThrow(/closed the connection|no reply line/);
    client.destroy();
  }

  it('the server killed by the kernel (a crash, as the OOM killer does it) is restarted by its restart policy, and a client that retries completes the lab script', async (context) => {
    const before = await inspectServer();
    const client = await session();
    try {
      process.kill(before.State.Pid, 'SIGKILL'); // from outside Docker's API, like a crash: Docker did not stop it
    } catch (error) {
      client.destroy();
      context.skip(`cannot signal the container's process from here (${(error as NodeJS.ErrnoException).code}): Docker runs elsewhere`);
    }
    const retrying = clientWithRetries(); // starts while the server is down or restarting
    await expectSessionBroken(client);
    const result = await retrying;
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^summary: (\d+) messages, \1 ok, 0 mismatched/m);
    const after = await inspectServer();
    expect(after.RestartCount, 'restarts by the restart policy').toBe(before.RestartCount + 1);
    expect(after.State.Running).toBe(true);
    const log = (await containerOutput(after.Id)).stdout;
    expect(log.match(/charcount-server listening on/g)?.length, 'started twice').toBe(2);
    await waitHealthy(30_000);
  });

  it('`docker compose kill -s SIGKILL server` counts as stopping it (no restart); a client that retries while it is down completes once it is started again', async () => {
    const before = await inspectServer();
    const client = await session();
    await composeOk(['kill', '-s', 'SIGKILL', 'server']);
    await expectSessionBroken(client);
    const retrying = clientWithRetries();
    await new Promise((done) => setTimeout(done, 4000)); // the client keeps retrying meanwhile
    const killed = await inspectServer();
    const restartedByItself = killed.State.Running;
    // Docker marks a container it killed through its API as stopped by hand, so unless-stopped
    // does not bring it back (moby daemon/kill.go); an operator starts it again.
    if (!restartedByItself) {
      expect(killed.State.ExitCode).toBe(137);
      expect(killed.RestartCount).toBe(before.RestartCount);
      await composeOk(['start', 'server']);
    }
    const result = await retrying;
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^summary: (\d+) messages, \1 ok, 0 mismatched/m);
    process.stdout.write(
      `[resilience] docker compose kill -s SIGKILL: ${restartedByItself ? 'restarted by the policy' : 'not restarted by the policy (exit 137); started again by hand'}; the retrying client completed\n`,
    );
    await waitHealthy(30_000);
  });
});
