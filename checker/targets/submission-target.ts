/**
 * `charcount-check --submission DIR`: the student's folder built into an image (its Dockerfile,
 * or server.py on python:3.13-slim) and run in a container with no way out, limits on memory,
 * processes and CPU, as a uid that is not root, on a read-only root with a /tmp tmpfs. The
 * probes run in a probe container that owns the network namespace the server's containers
 * joins: they connect from the server's own loopback. After an exit the server's container is
 * started again for the next stage (no new container: two per check in all); dispose() removes
 * every container made, and the image too when it was the check's own.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { StartError } from '../../command-line/usage-error';
import { visibleText } from '../export/visible-text';
import { ConnectError, type ProbeNetwork } from '../probe/connection';
import { CHECK_LABEL, DEFAULT_LIMITS, serverContainerSpec, SUBMISSION_USER, type SubmissionLimits } from './container-specs';
import { buildImage, contentHash, removeImages } from './image-build';
import { startProbeContainer, type ProbeContainer } from './probe-container';
import { waitOutClosingConnections } from './closing-connections';
import { ProgramOutput } from './program-output';
import { removeContainer, ServerContainer } from './server-container';
import { readSubmission, SUBMISSION_REPOSITORY, type SubmissionSource } from './submission-source';
import { describeExit, type Notice, type StartResult, type Target } from './target';
import type { Language } from '../../language';
import { START_TEXTS } from '../messages/start-texts';
import { CONTAINER_TEXTS } from './container-texts';

export interface SubmissionTargetOptions {
  /** The submission folder. */
  dir: string;
  port: number;
  startTimeoutMs: number;
  notice: Notice;
  /** A line of the server's output, already escaped, for the live [your_server] lines. */
  onOutput: (line: string) => void;
  /** How many lines of output are shown live in all (the last ones are kept for traces anyway). */
  shownOutputLines: number;
  /** Any limit left out is DEFAULT_LIMITS'. */
  limits?: Partial<SubmissionLimits>;
  /** The language of the notices and reasons (default English). */
  language?: Language;
  /** Default: the Docker of DOCKER_HOST, or /var/run/docker.sock. */
  docker?: Docker;
  /** The checker's image, which holds the probe agent. Default: $CHARCOUNT_CHECKER_IMAGE, else charcount-lab-checker:latest. */
  probeImage?: string;
  /** The value of the org.charcount-lab.check label on every container of this check (default: random). */
  runId?: string;
  /** More labels for every container and image (a test run's, a grader's batch). */
  labels?: Record<string, string>;
  /**
   * 'shared' (charcount-check's default): an image of the same folder content is used as it
   * is, and the one built is kept, so checking the unchanged folder again builds nothing.
   * 'own' (the grader): the image is built for this check alone and removed with its
   * containers, so nothing another check builds, runs or removes can change it.
   */
  image?: 'shared' | 'own';
}

const IPV4_LOOPBACK = '127.0.0.1';
const POLL_MS = 20;
/** The kernel keeps TIME_WAIT for 60 s; a little more covers timer granularity. */
const TIME_WAIT_LIMIT_MS = 65_000;
const DOCKER_TIMEOUT_MS = 10_000;
const BUILD_LOG_LINES = 12;
const MIB = 1024 * 1024;

export async function createSubmissionTarget(options: SubmissionTargetOptions): Promise<Target> {
  const source = await readSubmission(options.dir, options.language ?? 'en');
  const docker = options.docker ?? new Docker();
  const probeImage = options.probeImage ?? (process.env.CHARCOUNT_CHECKER_IMAGE || 'charcount-lab-checker:latest');
  await requireDocker(docker, probeImage, CONTAINER_TEXTS[options.language ?? 'en']);
  return new SubmissionTarget(options, source, docker, probeImage);
}

async function requireDocker(docker: Docker, probeImage: string, say: (typeof CONTAINER_TEXTS)['en']): Promise<void> {
  try {
    await Promise.race([docker.ping(), sleep(DOCKER_TIMEOUT_MS, undefined, { ref: false }).then(() => Promise.reject(new Error('no answer')))]);
  } catch (error) {
    throw new StartError(say.dockerUnreachable({ why: firstLine((error as Error).message) }));
  }
  const present = await docker.getImage(probeImage).inspect().then(() => true, () => false);
  if (!present) {
    throw new StartError(say.probeImageMissing({ image: probeImage }));
  }
}

class SubmissionTarget implements Target {
  readonly description: string;
  readonly host = IPV4_LOOPBACK;
  readonly port: number;
  readonly network: ProbeNetwork;
  readonly restartable = true;
  readonly signalable = false;

  private readonly limits: SubmissionLimits;
  private readonly say: (typeof CONTAINER_TEXTS)['en'];
  private readonly labels: Record<string, string>;
  private readonly output: ProgramOutput;
  private readonly containers = new Set<string>();
  /** Container starts under way: dispose waits for them, so none is created after it ran. */
  private readonly starting = new Set<Promise<unknown>>();
  private readonly stopBuild = new AbortController();
  private image: Promise<StartResult> | null = null;
  /** The image the server runs, by id: a tag can be moved by another build of the same files. */
  private imageId: string | null = null;
  /** Whether this check built imageId (and may have to remove it). */
  private built = false;
  private probe: Promise<ProbeContainer> | null = null;
  /** The server's container, made at the first start and started again after each exit. */
  private serverContainer: Promise<Docker.Container> | null = null;
  private server: ServerContainer | null = null;
  private disposing: Promise<void> | null = null;

  constructor(
    private readonly options: SubmissionTargetOptions,
    private readonly source: SubmissionSource,
    private readonly docker: Docker,
    private readonly probeImage: string,
  ) {
    this.description = `submission ${options.dir}`;
    this.port = options.port;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.say = CONTAINER_TEXTS[options.language ?? 'en'];
    this.labels = { ...options.labels, [CHECK_LABEL]: options.runId ?? randomUUID().slice(0, 8) };
    this.output = new ProgramOutput({ shownLines: options.shownOutputLines }, options.onOutput, options.notice, options.language ?? 'en');
    this.network = this.probeNetwork();
  }

  async ensureRunning(): Promise<StartResult> {
    if (this.disposing) return this.stopped();
    const built = await (this.image ??= this.build());
    if (!built.ok) return built;
    if (this.disposing) return this.stopped();
    let probe: ProbeContainer;
    try {
      probe = await (this.probe ??= this.track(startProbeContainer(this.docker, this.probeImage, this.labels, (id) => this.containers.add(id))));
    } catch (error) {
      return { ok: false, reason: this.say.probeNotStarted({ why: firstLine((error as Error).message), image: this.probeImage }) };
    }
    if (this.server && !this.server.exit) return this.waitUntilListening(probe, this.server);
    return this.startAndWait(probe);
  }

  exitStatus() {
    return this.server?.exit ?? null;
  }

  async waitForExit(timeoutMs: number) {
    const { server } = this;
    if (!server) return null;
    return Promise.race([server.exited, sleep(timeoutMs, null, { ref: false }).then(() => server.exit)]);
  }

  lastOutput(lines: number): string[] {
    return this.output.last(lines);
  }

  watchOutput(listener: (line: string) => void): () => void {
    return this.output.watch(listener);
  }

  /** Not signalable: a container's PID 1 is not the checker's child to signal. */
  async terminate(): Promise<void> {}

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.stopBuild.abort();
      await Promise.allSettled([...this.starting, this.image]);
      const probe = await this.probe?.catch(() => null);
      await probe?.network.close().catch(() => undefined);
      await Promise.allSettled([...this.containers].map((id) => removeContainer(this.docker.getContainer(id))));
      this.containers.clear();
      if (this.built && this.imageId !== null && !(await this.isSharedImage(this.imageId))) {
        const left = await removeImages(this.docker, [this.imageId]);
        if (left.length > 0) this.options.notice(this.say.imageNotRemoved({ image: this.imageId }));
      }
    })();
    return this.disposing;
  }

  private async build(): Promise<StartResult> {
    const { source, options, say } = this;
    const shared = (options.image ?? 'shared') === 'shared';
    if (shared) {
      const existing = await this.docker.getImage(source.tag).inspect().then((info) => info.Id, () => null);
      if (existing !== null) {
        this.imageId = existing;
        options.notice(say.imageReused());
        return { ok: true };
      }
    }
    const tag = shared ? null : `${SUBMISSION_REPOSITORY}:${contentHash(source)}-${tagSafe(this.labels[CHECK_LABEL]!)}`;
    const what = source.kind === 'dockerfile' ? say.buildingDockerfile({ dir: source.dir }) : say.buildingServerPy({ dir: source.dir });
    options.notice(say.building({ what, tag: tag ?? source.tag }));
    const built = await this.track(buildImage(this.docker, { source, limits: this.limits, tag, labels: this.labels, language: options.language ?? 'en' }, this.stopBuild.signal));
    if (built.ok) {
      this.imageId = built.imageId;
      this.built = true;
      if (shared) await this.shareImage(built.imageId);
      options.notice(say.built({ seconds: (built.ms / 1000).toFixed(1) }));
      return { ok: true };
    }
    // Stopped on purpose (Ctrl-C): the build's output is no news to anyone.
    if (built.lastLines.length > 0 && !this.disposing) {
      options.notice(say.buildLastLines());
      for (const line of built.lastLines.slice(-BUILD_LOG_LINES)) options.notice(`  | ${line}`);
    }
    const why = visibleText(built.reason);
    return { ok: false, reason: built.lastLines.length > 0 && !this.disposing ? say.notBuiltSeeAbove({ why }) : say.notBuilt({ why }) };
  }

  /** Tags a new image with the folder's content tag, unless another check of the same files got there first. */
  private async shareImage(imageId: string): Promise<void> {
    const { tag } = this.source;
    if (await this.docker.getImage(tag).inspect().then(() => true, () => false)) return;
    const colon = tag.indexOf(':');
    await this.docker.getImage(imageId).tag({ repo: tag.slice(0, colon), tag: tag.slice(colon + 1) }).catch(() => undefined);
  }

  /**
   * Whether the image is the folder's shared one, kept for the next check. An image this check
   * built that is not (its own, or one whose tag a simultaneous check of the same files took)
   * is removed with the check.
   */
  private async isSharedImage(imageId: string): Promise<boolean> {
    if ((this.options.image ?? 'shared') === 'own') return false;
    return this.docker.getImage(this.source.tag).inspect().then((info) => info.Id === imageId, () => false);
  }

  private async startAndWait(probe: ProbeContainer): Promise<StartResult> {
    const timeWaitDeadline = performance.now() + TIME_WAIT_LIMIT_MS;
    for (;;) {
      const started = await this.startServer(probe);
      if (!('exited' in started)) return started;
      const result = await this.waitUntilListening(probe, started);
      if (result.ok || !started.exit) {
        if (!result.ok) await started.stop();
        return result;
      }
      // A bind failure over TIME_WAIT left by earlier connections is not the student's fault: wait it out.
      const holders = await probe.network.portHolders(this.port).catch(() => null);
      if (this.disposing || !(await waitOutClosingConnections(holders, this.port, timeWaitDeadline, this.options.notice, this.options.language ?? 'en'))) return result;
    }
  }

  /** Starts the server's container: made at the first start, started again after each exit. */
  private async startServer(probe: ProbeContainer): Promise<ServerContainer | { ok: false; reason: string }> {
    if (!this.serverContainer) {
      const { limits } = this;
      this.options.notice(this.say.startingContainer({ user: SUBMISSION_USER, mib: limits.memoryBytes / MIB, pids: limits.pids, cpus: limits.cpus, port: this.port }));
    }
    // Checked in the same turn as the start is tracked: dispose either waits for it or it never begins.
    if (this.disposing) return this.stopped();
    const spec = serverContainerSpec({ image: this.imageId!, probeContainerId: probe.id, port: this.port, limits: this.limits, labels: this.labels });
    try {
      const server = await this.track(
        (async () => {
          const container = await (this.serverContainer ??= ServerContainer.create(this.docker, spec, (id) => this.containers.add(id)));
          // The same container starts again after each exit: a trace shows only what this run printed, as for a command.
          this.output.restart();
          return ServerContainer.start(this.docker, container, this.output);
        })(),
      );
      this.server = server;
      void server.exited.then(() => {
        if (server.outOfMemory) this.options.notice(this.say.outOfMemory({ mib: this.limits.memoryBytes / MIB }));
      });
      return server;
    } catch (error) {
      return { ok: false, reason: this.say.containerNotStarted({ why: visibleText(firstLine((error as Error).message)) }) };
    }
  }

  /** Waits until the port listens in the namespace (without connecting), or the server exits, or the start time runs out. */
  private async waitUntilListening(probe: ProbeContainer, server: ServerContainer): Promise<StartResult> {
    const { port, options } = this;
    const deadline = performance.now() + options.startTimeoutMs;
    while (performance.now() < deadline && !this.disposing) {
      if (server.exit) {
        await server.outputDrained();
        const memoryMib = server.outOfMemory ? this.limits.memoryBytes / MIB : null;
        return { ok: false, reason: this.say.exitedBeforeListening({ exit: describeExit(server.exit, this.options.language ?? 'en'), memoryMib, lastWords: this.output.lastWords() }) };
      }
      if (await probe.network.isListening(port)) return { ok: true };
      await sleep(POLL_MS);
    }
    return { ok: false, reason: START_TEXTS[options.language ?? 'en'].nothingListened({ port, seconds: options.startTimeoutMs / 1000 }) };
  }

  /** The probes' network: the probe container's agent, once it runs; 127.0.0.1, then ::1 for a server bound to ::1 only. */
  private probeNetwork(): ProbeNetwork {
    const agent = async (): Promise<ProbeContainer['network']> => {
      if (!this.probe) throw new Error('the submission target has not been started (call ensureRunning first)');
      return (await this.probe).network;
    };
    return {
      connect: async (host, port, timeoutMs) => {
        const network = await agent();
        try {
          return await network.connect(host, port, timeoutMs);
        } catch (error) {
          if (host !== IPV4_LOOPBACK || !(error instanceof ConnectError) || error.reason !== 'refused') throw error;
          return network.connect('::1', port, timeoutMs).catch(() => Promise.reject(error));
        }
      },
      isListening: async (port) => (await agent()).isListening(port),
      // Several clients' messages written in one tick inside the namespace (concurrent-clients' second part).
      writeTogether: async (writes) => {
        const network = await agent();
        await network.writeTogether?.(writes);
      },
      close: async () => {
        if (this.probe) await (await this.probe.catch(() => null))?.network.close();
      },
    };
  }

  private stopped(): { ok: false; reason: string } {
    return { ok: false, reason: this.say.stopped() };
  }

  /** Remembers a container start under way until it settles. */
  private track<T>(operation: Promise<T>): Promise<T> {
    this.starting.add(operation);
    void operation.finally(() => this.starting.delete(operation)).catch(() => undefined);
    return operation;
  }
}

/** A Docker tag may hold letters, digits, '_', '.' and '-' only. */
function tagSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
