/**
 * How many containers a grading run creates per check, counted from the Docker engine's own
 * events while the run goes: every container of the run carries the run's label
 * (org.charcount-lab.grade=<run id>) and its check's (org.charcount-lab.check=<run id>-<n>),
 * the image build's step containers too (they inherit the labels the build gives the image).
 * Each is inspected as it is created and told apart by its configuration: the server's joins
 * the probe's network (NetworkMode container:<probe>), the probe's keeps its stdin open for
 * the agent's requests, the rest are build steps (or gone already, as a build's steps soon
 * are). A check should create one probe and one server, the server started again in place
 * after each exit, never a container per restart. Other runs on the machine have other run ids
 * and are left out once the run's id is known (the grader prints it on its first line).
 */
import Docker from 'dockerode';
import { GRADE_LABEL } from '../grader/run-leftovers';
import { CHECK_LABEL } from '../checker';
import { stat, type Stat } from './lib/stat';

type Kind = 'probe' | 'server' | 'build';

export interface ContainerCount {
  /** Checks that created a container (a submission retried once counts twice). */
  checks: number;
  created: Record<Kind, number>;
  /** Containers of each kind created per check; null when no check created one. */
  perCheck: Record<Kind, Stat | null>;
}

interface CreateEvent {
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Starts listening at once; `stop(runId)` ends it and counts that run's containers. */
export async function watchContainerCreation(docker: Docker = new Docker()): Promise<{ stop(runId: string | null): Promise<ContainerCount | null> }> {
  const created: Promise<{ run: string; check: string; kind: Kind }>[] = [];
  const stream = (await docker.getEvents({ filters: { type: ['container'], event: ['create'], label: [GRADE_LABEL] } })) as NodeJS.ReadableStream & { destroy(): void };
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as CreateEvent;
      const labels = event.Actor?.Attributes ?? {};
      const run = labels[GRADE_LABEL];
      if (event.Action === 'create' && event.Actor?.ID !== undefined && run !== undefined) {
        created.push(kindOf(docker, event.Actor.ID).then((kind) => ({ run, check: labels[CHECK_LABEL] ?? '', kind })));
      }
    }
  });
  stream.on('error', () => undefined);
  return {
    async stop(runId) {
      stream.destroy();
      if (runId === null) return null;
      const perCheck = new Map<string, Record<Kind, number>>();
      for (const event of await Promise.all(created)) {
        if (event.run !== runId) continue;
        const counts = perCheck.get(event.check) ?? { probe: 0, server: 0, build: 0 };
        counts[event.kind]++;
        perCheck.set(event.check, counts);
      }
      const checks = [...perCheck.values()];
      const of = (kind: Kind): number[] => checks.map((counts) => counts[kind]);
      const sum = (kind: Kind): number => of(kind).reduce((total, count) => total + count, 0);
      return {
        checks: checks.length,
        created: { probe: sum('probe'), server: sum('server'), build: sum('build') },
        perCheck: { probe: stat(of('probe')), server: stat(of('server')), build: stat(of('build')) },
      };
    },
  };
}

async function kindOf(docker: Docker, id: string): Promise<Kind> {
  const info = await docker.getContainer(id).inspect().catch(() => null);
  if (info === null) return 'build';
  if (info.HostConfig.NetworkMode?.startsWith('container:')) return 'server';
  return info.Config.OpenStdin && info.Config.StdinOnce ? 'probe' : 'build';
}

/** The run id in the grader's first line ("... containers labelled org.charcount-lab.grade=1a2b3c4d ..."). */
export function runIdIn(stdout: string): string | null {
  return new RegExp(`${GRADE_LABEL.replaceAll('.', '\\.')}=([0-9a-f]{8})`).exec(stdout)?.[1] ?? null;
}
