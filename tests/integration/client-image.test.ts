/**
 * Server and scripted client images together on a user-defined network, the server under the
 * alias "server" as in the compose file. The client image runs with no command and stdin not
 * a terminal, which is how `docker compose up` runs it: the default lab session. Last, the
 * server is stopped in the middle of a client's run, as analysis task 17 asks.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerOutput, dockerode, exitCode, removeLabelledContainers } from './support/docker';
import { CLIENT_IMAGE, NEVER_PULL, runLabels, SERVER_IMAGE } from './support/lab';

const runId = inject('integrationRunId');

let network: StartedNetwork | undefined;
let server: StartedTestContainer | undefined;
let client: StartedTestContainer | undefined;

beforeAll(async () => {
  network = await new Network().start();
  server = await new GenericContainer(SERVER_IMAGE)
    .withPullPolicy(NEVER_PULL)
    .withLabels(runLabels(runId))
    .withNetwork(network)
    .withNetworkAliases('server')
    .withStartupTimeout(60_000) // the image's HEALTHCHECK is the wait strategy
    .start();
  client = await new GenericContainer(CLIENT_IMAGE)
    .withPullPolicy(NEVER_PULL)
    .withLabels(runLabels(runId))
    .withNetwork(network)
    .start();
});

afterAll(async () => {
  // Containers first (forced, whatever state they are in), then the network they used.
  await removeLabelledContainers(runId);
  await network?.stop().catch(() => undefined);
});

it('the client runs the lab session, every reply ok, and exits 0', async () => {
  const code = await exitCode(client!.getId());
  const { stdout, stderr } = await containerOutput(client!.getId());
  const context = `client stdout:\n${stdout}\nclient stderr:\n${stderr}`;
  expect(code, context).toBe(0);
  expect(stdout).toMatch(/running lab-session\.txt against server:12345/);

  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => /^\s*#\s+preview\s+bytes\s+expected\s+reply\s+rtt-ms\s+ok\s*$/.test(line));
  const summaryLine = lines.find((line) => line.startsWith('summary:'));
  expect(header, context).toBeGreaterThanOrEqual(0);
  expect(summaryLine, context).toBeDefined();
  // A row starts with its number; a long reply (an ERROR sentence) continues on the lines below.
  const rows = lines.slice(header + 1, lines.indexOf(summaryLine!)).filter((line) => /^\s*\d+\s+"/.test(line));
  expect(rows.length).toBeGreaterThanOrEqual(12);
  for (const row of rows) expect(row, context).toMatch(/\sok$/);
  expect(stdout).not.toMatch(/MISMATCHED|UNANSWERED/);

  const [, messages, ok] = /summary: (\d+) messages, (\d+) ok, 0 mismatched/.exec(summaryLine!) ?? [];
  expect(Number(messages)).toBe(rows.length);
  expect(ok).toBe(messages);
});

it("the server's log shows the client container's address", async () => {
  await exitCode(client!.getId());
  const clientIp = client!.getIpAddress(network!.getName());
  expect(clientIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  const log = (await containerOutput(server!.getId())).stdout;
  expect(log).toContain(`connection from ${clientIp}:`);
  expect(log).toMatch(new RegExp(`${clientIp.replaceAll('.', '\\.')}:\\d+ "Halo dunia" -> 10 characters`));
});

it('both containers are on the user-defined network, the server reachable as "server"', async () => {
  const docker = await dockerode();
  const serverInfo = await docker.getContainer(server!.getId()).inspect();
  const attachment = serverInfo.NetworkSettings.Networks[network!.getName()];
  expect(attachment?.Aliases ?? []).toContain('server');
  const networkInfo = await docker.getNetwork(network!.getId()).inspect();
  expect(networkInfo.Driver).toBe('bridge');
});

it('task 17: the server stopped mid-run, the client prints the rows it has and the summary, says the name no longer resolves, and exits 3', async () => {
  const docker = await dockerode();
  // Internal: once the server's name is gone, its lookup goes nowhere beyond the lab's own network.
  const lab = await docker.createNetwork({ Name: `charcount-it-${runId}-task17`, Internal: true, Labels: runLabels(runId) });
  const started: StartedTestContainer[] = [];
  try {
    const labServer = await new GenericContainer(SERVER_IMAGE)
      .withPullPolicy(NEVER_PULL)
      .withLabels(runLabels(runId))
      .withNetworkMode(lab.id)
      .withNetworkAliases('server')
      .withStartupTimeout(60_000)
      .start();
    started.push(labServer);
    const labClient = await new GenericContainer(CLIENT_IMAGE)
      .withPullPolicy(NEVER_PULL)
      .withLabels(runLabels(runId))
      .withNetworkMode(lab.id)
      .withCommand(['run', '--repeat', '100', '--wait-timeout', '5', '--max-rows', '0'])
      .start();
    started.push(labClient);
    // Stopped with SIGTERM, as `docker compose stop server` does, once the first round is answered.
    for (let tries = 0; tries < 100 && !(await containerOutput(labServer.getId())).stdout.includes('"Masih tersambung"'); tries++) await sleep(100);
    await docker.getContainer(labServer.getId()).stop({ t: 10 });

    const code = await exitCode(labClient.getId());
    const { stdout, stderr } = await containerOutput(labClient.getId());
    const context = `client stdout:\n${stdout}\nclient stderr:\n${stderr}`;
    expect(code, context).toBe(3);
    const summary = /^summary: 1700 messages, (\d+) ok, 0 mismatched, (\d+) not sent, /m.exec(stdout);
    expect(summary, context).not.toBeNull();
    const [, ok, notSent] = summary!;
    expect(Number(ok), 'the first round, answered before the stop').toBeGreaterThanOrEqual(13);
    expect(Number(ok) + Number(notSent)).toBe(1700);
    expect(stdout, 'the rows it has, left out by --max-rows 0 and counted').toMatch(new RegExp(`^\\(${ok} ok rows not shown; raise --max-rows to list them\\)$`, 'm'));
    expect(stderr.trim().split('\n'), context).toEqual([
      'charcount-client: the server went away during the run: host name server no longer resolves ' +
        "(in compose: the server's container has stopped, docker compose ps shows it); " +
        `${notSent} messages were not sent; start it again ("npm start", or "docker compose up -d server") and rerun`,
    ]);
  } finally {
    await Promise.all(started.map((container) => docker.getContainer(container.getId()).remove({ force: true, v: true }).catch(() => undefined)));
    await lab.remove().catch(() => undefined);
  }
});
