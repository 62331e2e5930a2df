/**
 * Once per `vitest run` of the integration project: check that Docker answers (one clear line
 * if not), build the server, client and checker targets of the real Dockerfile and the
 * capture sidecar of the real compose file under fixed tags, and at the end remove what the
 * run left behind and the images it created (found by the run's label, never by creation time).
 */
import type { TestProject } from 'vitest/node';
import { GenericContainer, getContainerRuntimeClient, ImageName } from 'testcontainers';
import { dockerode, leftoverProjects, removeLabelledContainers, removeProject, run } from './support/docker';
import {
  CAPTURE_IMAGE,
  CHECKER_IMAGE,
  CLIENT_IMAGE,
  COMPOSE_FILE,
  composeEnvironment,
  IMAGE_TAG,
  newRunId,
  PROJECT_ROOT,
  RUN_LABEL,
  SERVER_IMAGE,
} from './support/lab';
import { messageOnlyError } from '../support/message-only-error';

/** Docker answers slowly on a loaded machine (docker info: 7 s at load 14 on 2 cores). */
const DOCKER_TIMEOUT_MS = 60_000;

function say(message: string): void {
  process.stderr.write(`[integration] ${message}\n`);
}

async function requireDocker(): Promise<void> {
  const hint = 'start Docker (on the lab machines: bash ../shared/sandbox/docker-up.sh), or run `npm run test:without-docker` for the tests that need no Docker';
  try {
    const client = await withTimeout(getContainerRuntimeClient(), DOCKER_TIMEOUT_MS, 'no answer');
    await withTimeout(client.container.dockerode.ping(), DOCKER_TIMEOUT_MS, 'no answer to ping');
  } catch (error) {
    const reason = firstLine((error as Error).message || String(error));
    throw messageOnlyError(`Integration tests need Docker, and Docker is not reachable (${reason}): ${hint}.`);
  }
  // The compose tests drive the docker CLI, which has its own idea of where Docker is
  // (DOCKER_HOST, docker context): it must reach the same daemon.
  const cli = await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeoutMs: DOCKER_TIMEOUT_MS }).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
  if (cli.code !== 0) {
    throw messageOnlyError(`Integration tests need Docker, and the docker CLI cannot reach it (${firstLine(cli.stderr)}): ${hint}.`);
  }
  const compose = await run('docker', ['compose', 'version', '--short'], { timeoutMs: DOCKER_TIMEOUT_MS }).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
  if (compose.code !== 0) {
    throw messageOnlyError(`Integration tests need Docker Compose v2 (\`docker compose\`), which did not answer (${firstLine(compose.stderr)}): install the compose plugin, or run \`npm run test:without-docker\`.`);
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms))),
  ]);
}

async function imageExists(tag: string): Promise<boolean> {
  return (await getContainerRuntimeClient()).image.exists(ImageName.fromString(tag));
}

/** One build at a time: this runs on small machines. */
async function buildImages(created: string[]): Promise<void> {
  for (const [target, tag] of [
    ['server', SERVER_IMAGE],
    ['client', CLIENT_IMAGE],
    ['checker', CHECKER_IMAGE],
  ] as const) {
    const existed = await imageExists(tag);
    const started = performance.now();
    try {
      await GenericContainer.fromDockerfile(PROJECT_ROOT).withTarget(target).build(tag, { deleteOnExit: false });
    } catch (error) {
      throw messageOnlyError(
        `Building the ${target} target of the Dockerfile failed (${(error as Error).message}); run \`DOCKER_BUILDKIT=0 docker build --target ${target} .\` to see why.`,
      );
    }
    if (!existed) created.push(tag);
    say(`built ${tag} (target ${target}) in ${seconds(started)}`);
  }

  // The capture sidecar's image is defined inline in docker-compose.yml; compose builds it.
  const existed = await imageExists(CAPTURE_IMAGE);
  const started = performance.now();
  const build = await run('docker', ['compose', '-f', COMPOSE_FILE, '--profile', 'capture', 'build', 'capture'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...composeEnvironment(), COMPOSE_PROJECT_NAME: `charcount-it-build` },
    timeoutMs: 600_000,
  });
  if (build.code !== 0) {
    throw messageOnlyError(`Building the capture image with docker compose failed: ${lastLine(build.stderr || build.stdout)}`);
  }
  if (!existed) created.push(CAPTURE_IMAGE);
  say(`built ${CAPTURE_IMAGE} (compose service capture) in ${seconds(started)}`);
}

async function removeImages(tags: string[]): Promise<void> {
  const docker = await dockerode();
  for (const tag of tags) {
    try {
      await docker.getImage(tag).remove();
    } catch (error) {
      say(`could not remove image ${tag}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

/**
 * The images a test of this run built and could not remove (charcount-check --submission
 * labels every image with the labels it is given, the run's among them). Only those: an image
 * another run, worktree or grader is building on or using is never this run's to remove, and
 * neither are the untagged stage images of the project's Dockerfile, which are the layer cache
 * every checkout's build shares (removing one under a build that is reusing it fails that build).
 */
async function removeRunImages(runId: string): Promise<void> {
  const docker = await dockerode();
  const images = await docker.listImages({ filters: { label: [`${RUN_LABEL}=${runId}`] } });
  for (const image of images) {
    try {
      await docker.getImage(image.Id).remove();
    } catch (error) {
      say(`could not remove the image ${image.Id.slice(7, 19)} this run built: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    await requireDocker();
  } catch (error) {
    // Exactly one line, then stop: vitest would otherwise add "No test files found" and a
    // listing of every project, which hides the reason.
    process.stderr.write(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
  const runId = newRunId();
  project.provide('integrationRunId', runId);
  const created: string[] = [];
  try {
    await buildImages(created);
  } catch (error) {
    await removeImages(created);
    throw error;
  }
  say(`images tagged ${IMAGE_TAG} ready; run ${runId}`);

  return async () => {
    // Each test removes what it started; this catches what a crashed or timed-out test could not.
    const containers = await removeLabelledContainers(runId);
    if (containers > 0) say(`removed ${containers} container(s) a test left behind`);
    for (const name of await leftoverProjects(runId)) {
      say(`removed compose project ${name}, which a test left behind`);
      await removeProject(name);
    }
    await removeImages(created);
    await removeRunImages(runId);
  };
}
