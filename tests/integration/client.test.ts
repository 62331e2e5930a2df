/**
 * Server and scripted client images together on a user-defined network, the server under the
 * alias "server" as in the compose file. The client image runs with no command and stdin not
 * a terminal, which is how `docker compose up` runs it: the default lab session.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
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
  const rows = lines.slice(header + 1, lines.indexOf(summaryLine!));
  expect(rows.length).toBeGreaterThanOrEqual(12);
  for (const row of rows) expect(row, context).toMatch(/\sok$/);
  expect(stdout).not.toContain('MISMATCH');

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
