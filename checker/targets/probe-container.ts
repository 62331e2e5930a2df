/**
 * Starts the probe container (the probe agent in the checker's image, no network but its
 * loopback) and connects a remote network to the agent through the container's attached
 * stdin and stdout.
 */
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { createRemoteNetwork, type RemoteNetwork } from '../probe/remote-network';
import { probeContainerSpec } from './container-specs';

export interface ProbeContainer {
  id: string;
  network: RemoteNetwork;
}

/** `created` hears of the container as soon as it exists, so cleanup can remove it whatever fails next. */
export async function startProbeContainer(docker: Docker, image: string, labels: Record<string, string>, created: (id: string) => void): Promise<ProbeContainer> {
  const container = await docker.createContainer(probeContainerSpec(image, labels));
  created(container.id);
  const attached = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
  const responses = new PassThrough();
  // The agent writes only diagnostics to stderr; they are not the student's output.
  const diagnostics = new PassThrough();
  diagnostics.resume();
  docker.modem.demuxStream(attached, responses, diagnostics);
  // The demultiplexer does not pass the end on: without this, calls to a dead agent would wait forever.
  const ended = (): void => {
    responses.end();
    diagnostics.end();
  };
  attached.once('end', ended);
  attached.once('close', ended);
  attached.once('error', ended);
  await container.start();
  return { id: container.id, network: createRemoteNetwork({ responses, requests: attached }) };
}
