/**
 * How many containers one `--submission` check created: Docker's create events during the run
 * with the check label, grouped by the label's value (one per check), counting only the checks
 * whose probe container came from the bench's probe image (other checks may run on the machine
 * at the same time, from their own images).
 */
import { spawnSync } from 'node:child_process';

const CHECK_LABEL = 'org.charcount-lab.check';

interface CreateEvent {
  Actor?: { Attributes?: Record<string, string> };
}

/** Containers created per check between the two times (ms since the epoch); null when Docker cannot tell. */
export function containersCreated(probeImage: string, sinceMs: number, untilMs: number): number | null {
  const result = spawnSync(
    'docker',
    [
      'events',
      '--since', String(Math.floor(sinceMs / 1000) - 1),
      '--until', String(Math.ceil(untilMs / 1000) + 1),
      '--filter', 'type=container',
      '--filter', 'event=create',
      '--filter', `label=${CHECK_LABEL}`,
      '--format', '{{json .}}',
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (result.status !== 0) return null;
  const events = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as CreateEvent).Actor?.Attributes ?? {});
  const ours = new Set(events.filter((attributes) => attributes.image === probeImage).map((attributes) => attributes[CHECK_LABEL]));
  if (ours.size === 0) return null;
  const created = events.filter((attributes) => ours.has(attributes[CHECK_LABEL])).length;
  return created / ours.size;
}
