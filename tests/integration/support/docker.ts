/**
 * Small Docker helpers on top of testcontainers' own dockerode client: logs of containers
 * that already exited, exit codes, and clean-up by label that works even after a failure.
 */
import { execFile } from 'node:child_process';
import { getContainerRuntimeClient } from 'testcontainers';
import { projectPrefix, RUN_LABEL } from './lab';

export type Dockerode = Awaited<ReturnType<typeof getContainerRuntimeClient>>['container']['dockerode'];

export async function dockerode(): Promise<Dockerode> {
  return (await getContainerRuntimeClient()).container.dockerode;
}

export interface ContainerOutput {
  stdout: string;
  stderr: string;
}

/**
 * Everything a container wrote so far, running or exited. Without a TTY the Docker API
 * multiplexes both streams into frames: 1 byte stream id, 3 zero bytes, 4 bytes length.
 */
export async function containerOutput(id: string): Promise<ContainerOutput> {
  const raw = (await (await dockerode()).getContainer(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  const streams: Record<number, Buffer[]> = { 1: [], 2: [] };
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const stream = raw[offset]!;
    const length = raw.readUInt32BE(offset + 4);
    (streams[stream] ?? streams[1]!).push(raw.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return { stdout: Buffer.concat(streams[1]!).toString('utf8'), stderr: Buffer.concat(streams[2]!).toString('utf8') };
}

/** Waits for a container to exit (or returns at once if it has) and gives its exit code. */
export async function exitCode(id: string): Promise<number> {
  const result = (await (await dockerode()).getContainer(id).wait()) as { StatusCode: number };
  return result.StatusCode;
}

/** Containers of a compose service, running or exited (testcontainers lists only running ones). */
export async function composeContainers(project: string, service?: string): Promise<{ Id: string; State: string }[]> {
  const labels = [`com.docker.compose.project=${project}`, ...(service ? [`com.docker.compose.service=${service}`] : [])];
  return (await dockerode()).listContainers({ all: true, filters: { label: labels } });
}

export async function composeNetworks(project: string): Promise<{ Id: string; Name: string }[]> {
  return (await dockerode()).listNetworks({ filters: { label: [`com.docker.compose.project=${project}`] } });
}

/** Force-removes every container a test of this run labelled, whatever state it is in. */
export async function removeLabelledContainers(runId: string): Promise<number> {
  const docker = await dockerode();
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return leftovers.length;
}

/** Compose projects of this run that still have containers or networks (a test that crashed before down()). */
export async function leftoverProjects(runId: string): Promise<string[]> {
  const docker = await dockerode();
  const prefix = projectPrefix(runId);
  const names = new Set<string>();
  for (const c of await docker.listContainers({ all: true, filters: { label: ['com.docker.compose.project'] } })) {
    const project = c.Labels['com.docker.compose.project'] ?? '';
    if (project.startsWith(prefix)) names.add(project);
  }
  for (const n of await docker.listNetworks({ filters: { label: ['com.docker.compose.project'] } })) {
    const project = n.Labels?.['com.docker.compose.project'] ?? '';
    if (project.startsWith(prefix)) names.add(project);
  }
  return [...names];
}

/** Removes a compose project's containers (forced) and networks without needing its compose file. */
export async function removeProject(project: string): Promise<void> {
  const docker = await dockerode();
  for (const c of await composeContainers(project)) {
    await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
  }
  for (const n of await composeNetworks(project)) {
    await docker.getNetwork(n.Id).remove().catch(() => undefined);
  }
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (docker, docker compose) and resolves with its exit code and output, whatever the code. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) resolve({ code: 0, stdout, stderr });
        else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else if (error.killed) reject(new Error(`${command} ${args.join(' ')} did not finish within ${(options.timeoutMs ?? 120_000) / 1000} s`));
        else reject(new Error(`${command} ${args.join(' ')} could not run: ${error.message}`));
      },
    );
  });
}
