/**
 * The compose file's capture profile: tcpdump in the server's network namespace writes a pcap
 * under ./captures/. The test opens one TCP session, then reads the pcap back and finds the
 * handshake, the message, the reply and both FINs of exactly that session.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { composeContainers, composeNetworks, containerOutput, dockerode, removeProject } from './support/docker';
import { LineClient } from './support/line-client';
import { CAPTURES_DIR, COMPOSE_FILE, composeEnvironment, countReply, NEVER_PULL, PROJECT_ROOT, SERVER_PORT, uniqueProjectName } from './support/lab';
import { describeFlags, parsePcap, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from '../../tools/pcap';

const runId = inject('integrationRunId');
const project = uniqueProjectName(runId, 'capture');
const pcapName = `${project}.pcap`;
const pcapPath = join(CAPTURES_DIR, pcapName);

let environment: StartedDockerComposeEnvironment | undefined;

beforeAll(async () => {
  try {
    environment = await new DockerComposeEnvironment(PROJECT_ROOT, COMPOSE_FILE)
      .withProjectName(project)
      .withProfiles('capture')
      .withEnvironment(composeEnvironment({ CAPTURE_FILE: pcapName }))
      .withPullPolicy(NEVER_PULL)
      .withClientOptions({ commandOptions: ['--no-build'] })
      .withWaitStrategy('capture-1', Wait.forLogMessage(/listening on eth0/))
      .withStartupTimeout(90_000)
      .up(['server', 'capture']);
  } catch (error) {
    await removeProject(project);
    throw error;
  }
});

afterAll(async () => {
  await environment?.down({ timeout: 10_000 }).catch(() => undefined);
  await removeProject(project);
  rmSync(pcapPath, { force: true });
  expect(await composeContainers(project)).toEqual([]);
  expect(await composeNetworks(project)).toEqual([]);
});

it('the capture sidecar runs with only the capabilities it needs, in the server network namespace', async () => {
  const [capture] = await composeContainers(project, 'capture');
  const [server] = await composeContainers(project, 'server');
  const { HostConfig } = await (await dockerode()).getContainer(capture!.Id).inspect();
  expect(HostConfig.NetworkMode).toBe(`container:${server!.Id}`);
  expect(HostConfig.CapDrop).toEqual(['ALL']);
  // NET_RAW to capture; DAC_OVERRIDE and CHOWN to create the file in ./captures for its owner.
  expect((HostConfig.CapAdd ?? []).map((cap: string) => cap.replace(/^CAP_/, '')).sort()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'NET_RAW']);
  expect(HostConfig.ReadonlyRootfs).toBe(true);
  expect(HostConfig.SecurityOpt).toContain('no-new-privileges:true');
});

it('the pcap under ./captures/ holds SYN, SYN-ACK, ACK, the exchange and the FINs of a session', async () => {
  const server = environment!.getContainer('server-1');
  const client = await LineClient.connect(server.getHost(), server.getMappedPort(SERVER_PORT));
  const connection = client.describe();
  await client.write('Halo dunia\n');
  expect(await client.readLine()).toBe(countReply(10));
  await client.end(); // our FIN; the server answers with its own

  // tcpdump --immediate-mode -U writes each packet as it arrives; stopping it closes the file.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await environment!.getContainer('capture-1').stop({ timeout: 5_000, remove: false });
  const tcpdumpLog = (await containerOutput(environment!.getContainer('capture-1').getId())).stderr;

  expect(existsSync(pcapPath), `no ${pcapPath}; tcpdump said:\n${tcpdumpLog}`).toBe(true);
  const capture = parsePcap(readFileSync(pcapPath));
  const dump = `${capture.segments.map(show).join('\n')}\n(connected ${connection}; tcpdump: ${tcpdumpLog.trim()})`;

  // The session: the client port of the SYN that reached the server's port.
  const syn = capture.segments.find((s) => s.dstPort === SERVER_PORT && s.flags & TCP_SYN && !(s.flags & TCP_ACK));
  expect(syn, `no SYN to port ${SERVER_PORT} in:\n${dump}`).toBeDefined();
  const session = capture.segments.filter(
    (s) => (s.srcPort === syn!.srcPort && s.dstPort === SERVER_PORT) || (s.dstPort === syn!.srcPort && s.srcPort === SERVER_PORT),
  );
  const toServer = (s: TcpSegment): boolean => s.dstPort === SERVER_PORT;
  const sessionDump = session.map(show).join('\n');

  const synAck = session.find((s) => !toServer(s) && s.flags & TCP_SYN && s.flags & TCP_ACK);
  expect(synAck, sessionDump).toBeDefined();
  expect(synAck!.ack).toBe((syn!.seq + 1) >>> 0);

  const ack = session.find((s) => toServer(s) && s.index > synAck!.index && s.flags & TCP_ACK && !(s.flags & TCP_SYN));
  expect(ack, sessionDump).toBeDefined();
  expect(ack!.ack).toBe((synAck!.seq + 1) >>> 0);

  const message = session.find((s) => toServer(s) && s.payload.length > 0);
  expect(message?.payload.toString('utf8'), sessionDump).toBe('Halo dunia\n');
  const reply = session.find((s) => !toServer(s) && s.payload.length > 0);
  expect(reply?.payload.toString('utf8'), sessionDump).toBe(`${countReply(10)}\n`);

  const clientFin = session.find((s) => toServer(s) && s.flags & TCP_FIN);
  const serverFin = session.find((s) => !toServer(s) && s.flags & TCP_FIN);
  expect(clientFin, sessionDump).toBeDefined();
  expect(serverFin, sessionDump).toBeDefined();
  expect(session.some((s) => s.flags & TCP_RST), sessionDump).toBe(false);
  expect(syn!.index).toBeLessThan(synAck!.index);
  expect(synAck!.index).toBeLessThan(ack!.index);
  expect(ack!.index).toBeLessThanOrEqual(message!.index);
});

function show(s: TcpSegment): string {
  return `#${s.index} ${s.src}:${s.srcPort} > ${s.dst}:${s.dstPort} ${describeFlags(s.flags)} seq=${s.seq} ack=${s.ack} len=${s.payload.length}`;
}
