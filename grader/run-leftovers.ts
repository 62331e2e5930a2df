/**
 * Every container and image a grading run makes carries org.charcount-lab.grade=<run id> (and
 * the checker's own org.charcount-lab.check label). Each submission's target removes its own
 * containers and image; this sweep is for what an interrupted or failed run could not:
 * containers in any state, then the images they ran, and networks with the run's label (a
 * submission target makes none, but a run must leave nothing of its own whatever a future
 * target does). Only what carries the label goes: never what another run or a person built.
 */
import type Docker from 'dockerode';

export const GRADE_LABEL = 'org.charcount-lab.grade';

export function runLabels(runId: string): Record<string, string> {
  return { [GRADE_LABEL]: runId };
}

/** Removes every container, image and network carrying `label` ("key=value"), in whatever state they are. */
export async function removeLabelled(docker: Docker, label: string): Promise<{ containers: number; images: number; networks: number }> {
  const filters = { label: [label] };
  const containers = await docker.listContainers({ all: true, filters }).catch(() => []);
  await Promise.all(containers.map((container) => docker.getContainer(container.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const images = await docker.listImages({ filters }).catch(() => []);
  // Not forced: an image that is still in use is not the run's to take.
  await Promise.all(images.map((image) => docker.getImage(image.Id).remove().catch(() => undefined)));
  const networks = await docker.listNetworks({ filters }).catch(() => []);
  await Promise.all(networks.map((network) => docker.getNetwork(network.Id).remove().catch(() => undefined)));
  return { containers: containers.length, images: images.length, networks: networks.length };
}
