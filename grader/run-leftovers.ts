/**
 * Every container a grading run makes carries org.charcount-lab.grade=<run id> (and the
 * checker's own org.charcount-lab.check label). Each submission's target removes its own
 * containers; this sweep is for what an interrupted or failed run could not: containers in
 * any state and networks with the run's label (a submission target makes none, but a run
 * must leave nothing of its own whatever a future target does).
 */
import type Docker from 'dockerode';

export const GRADE_LABEL = 'org.charcount-lab.grade';

export function runLabels(runId: string): Record<string, string> {
  return { [GRADE_LABEL]: runId };
}

/** Removes every container and network carrying `label` ("key=value"), in whatever state they are. */
export async function removeLabelled(docker: Docker, label: string): Promise<{ containers: number; networks: number }> {
  const filters = { label: [label] };
  const containers = await docker.listContainers({ all: true, filters }).catch(() => []);
  await Promise.all(containers.map((container) => docker.getContainer(container.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const networks = await docker.listNetworks({ filters }).catch(() => []);
  await Promise.all(networks.map((network) => docker.getNetwork(network.Id).remove().catch(() => undefined)));
  return { containers: containers.length, networks: networks.length };
}
