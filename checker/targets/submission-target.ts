/**
 * `charcount-check --submission DIR`: the student's folder built into an image (its Dockerfile,
 * or server.py on python:3.13-slim) and run in a container with no way out, limits on memory,
 * processes and CPU, as a uid that is not root, on a read-only root with a /tmp tmpfs. The
 * probes run in a probe container that owns the network namespace the server's containers
 * join: they connect from the server's own loopback. After an exit the server is started
 * again in a new container for the next stage; dispose() removes every container made.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { StartError } from '../../command-line/usage-error';
import { visibleText } from '../export/visible-text';
import { ConnectError, type ProbeNetwork } from '../probe/connection';
import { CHECK_LABEL, DEFAULT_LIMITS, serverContainerSpec, SUBMISSION_USER, type SubmissionLimits } from './container-specs';
import { ensureImage } from './image-build';
import { startProbeContainer, type ProbeContainer } from './probe-container';
import { waitOutClosingConnections } from './closing-connections';
import { ProgramOutput } from './program-output';
import { removeContainer, ServerContainer } from './server-container';
import { readSubmission, type SubmissionSource } from './submission-source';
import { describeExit, type Notice, type StartResult, type Target } from './target';

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
  /** Default: the Docker of DOCKER_HOST, or /var/run/docker.sock. */
  docker?: Docker;
  /** The checker's image, which holds the probe agent. Default: $CHARCOUNT_CHECKER_IMAGE, else charcount-lab-checker:latest. */
  probeImage?: string;
  /** The value of the org.charcount-lab.check label on every container of this check (default: random). */
  runId?: string;
  /** More labels for every container (a test run's, a grader's batch). */
  labels?: Record<string, string>;
}

const IPV4_LOOPBACK = '127.0.0.1';
const POLL_MS = 20;
/** The kernel keeps TIME_WAIT for 60 s; a little more covers timer granularity. */
const TIME_WAIT_LIMIT_MS = 65_000;
const DOCKER_TIMEOUT_MS = 10_000;
const BUILD_LOG_LINES = 12;
const MIB = 1024 * 1024;
const STOPPED = { ok: false, reason: 'the check was stopped' } as const;

export async function createSubmissionTarget(options: SubmissionTargetOptions): Promise<Target> {
  const source = await readSubmission(options.dir);
  const docker = options.docker ?? new Docker();
  const probeImage = options.probeImage ?? (process.env.CHARCOUNT_CHECKER_IMAGE || 'charcount-lab-checker:latest');
  await requireDocker(docker, probeImage);
  return new SubmissionTarget(options, source, docker, probeImage);
}

async function requireDocker(docker: Docker, probeImage: string): Promise<void> {
  try {
    await Promise.race([docker.ping(), sleep(DOCKER_TIMEOUT_MS, undefined, { ref: false }).then(() => Promise.reject(new Error('no answer')))]);
  } catch (error) {
    throw new StartError(
      `--submission needs Docker, and Docker is not reachable (${firstLine((error as Error).message)}): start Docker, or check your server directly with -- python3 server.py`,
    );
  }
  const present = await docker.getImage(probeImage).inspect().then(() => true, () => false);
  if (!present) {
    throw new StartError(`the checker's image ${probeImage} is missing (its probe agent runs your server's network): build it with \`docker compose --profile check build check\``);
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
  private readonly labels: Record<string, string>;
  private readonly output: ProgramOutput;
  private readonly containers = new Set<string>();
  /** Container starts under way: dispose waits for them, so none is created after it ran. */
  private readonly starting = new Set<Promise<unknown>>();
  private readonly stopBuild = new AbortController();
  private image: Promise<StartResult> | null = null;
  private probe: Promise<ProbeContainer> | null = null;
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
    this.labels = { ...options.labels, [CHECK_LABEL]: options.runId ?? randomUUID().slice(0, 8) };
    this.output = new ProgramOutput({ shownLines: options.shownOutputLines }, options.onOutput, options.notice);
    this.network = this.probeNetwork();
  }

  async ensureRunning(): Promise<StartResult> {
    if (this.disposing) return STOPPED;
    const built = await (this.image ??= this.build());
    if (!built.ok) return built;
    if (this.disposing) return STOPPED;
    let probe: ProbeContainer;
    try {
      probe = await (this.probe ??= this.track(startProbeContainer(this.docker, this.probeImage, this.labels, (id) => this.containers.add(id))));
    } catch (error) {
      return { ok: false, reason: `the checker's probe container could not start (${firstLine((error as Error).message)}); check that ${this.probeImage} is the checker's image` };
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
    })();
    return this.disposing;
  }

  private async build(): Promise<StartResult> {
    const { source, options } = this;
    const what = source.kind === 'dockerfile' ? `${source.dir}/Dockerfile` : `${source.dir}/server.py on python:3.13-slim (no Dockerfile)`;
    options.notice(`building ${what} into ${source.tag}`);
    const built = await this.track(ensureImage(this.docker, source, this.limits, this.stopBuild.signal));
    if (built.ok) {
      options.notice(built.built ? `image built in ${(built.ms / 1000).toFixed(1)} s` : `image already built (the folder is unchanged)`);
      return { ok: true };
    }
    // Stopped on purpose (Ctrl-C): the build's output is no news to anyone.
    if (built.lastLines.length > 0 && !this.disposing) {
      options.notice("the build's last lines:");
      for (const line of built.lastLines.slice(-BUILD_LOG_LINES)) options.notice(`  | ${line}`);
    }
    const reason = `your submission did not build: ${visibleText(built.reason)}`;
    return { ok: false, reason: built.lastLines.length > 0 && !this.disposing ? `${reason} (the build's last lines are above)` : reason };
  }

  private async startAndWait(probe: ProbeContainer): Promise<StartResult> {
    const timeWaitDeadline = performance.now() + TIME_WAIT_LIMIT_MS;
    for (;;) {
      const started = await this.startServer(probe);
      if (!('exited' in started)) return started;
      const result = await this.waitUntilListening(probe, started);
      if (result.ok || !started.exit) {
        if (!result.ok) await started.remove();
        return result;
      }
      // A bind failure over TIME_WAIT left by earlier connections is not the student's fault: wait it out.
      const holders = await probe.network.portHolders(this.port).catch(() => null);
      if (this.disposing || !(await waitOutClosingConnections(holders, this.port, timeWaitDeadline, this.options.notice))) return result;
    }
  }

  /** A new container for the server; the one before it, which has exited, is removed first. */
  private async startServer(probe: ProbeContainer): Promise<ServerContainer | { ok: false; reason: string }> {
    const previous = this.server;
    if (previous) {
      await previous.remove();
      this.containers.delete(previous.id);
    } else {
      const { limits } = this;
      this.options.notice(
        `starting your server in a container: user ${SUBMISSION_USER}, no network, read-only but /tmp, ` +
          `${limits.memoryBytes / MIB} MiB, ${limits.pids} processes, ${limits.cpus} CPU; PORT=${this.port}`,
      );
    }
    // Checked in the same turn as the start is tracked: dispose either waits for it or it never begins.
    if (this.disposing) return STOPPED;
    const spec = serverContainerSpec({ image: this.source.tag, probeContainerId: probe.id, port: this.port, limits: this.limits, labels: this.labels });
    try {
      const server = await this.track(ServerContainer.start(this.docker, spec, this.output, (id) => this.containers.add(id)));
      this.server = server;
      void server.exited.then(() => {
        if (server.outOfMemory) this.options.notice(`your server used more than its ${this.limits.memoryBytes / MIB} MiB of memory, and the kernel killed it`);
      });
      return server;
    } catch (error) {
      return { ok: false, reason: `your server's container could not start: ${visibleText(firstLine((error as Error).message))}; check the CMD or ENTRYPOINT of your Dockerfile` };
    }
  }

  /** Waits until the port listens in the namespace (without connecting), or the server exits, or the start time runs out. */
  private async waitUntilListening(probe: ProbeContainer, server: ServerContainer): Promise<StartResult> {
    const { port, options } = this;
    const deadline = performance.now() + options.startTimeoutMs;
    while (performance.now() < deadline && !this.disposing) {
      if (server.exit) {
        await server.outputDrained();
        const memory = server.outOfMemory ? ` for using more than its ${this.limits.memoryBytes / MIB} MiB of memory` : '';
        return { ok: false, reason: `your server ${describeExit(server.exit)}${memory} before listening: ${this.output.lastWords()}` };
      }
      if (await probe.network.isListening(port)) return { ok: true };
      await sleep(POLL_MS);
    }
    return {
      ok: false,
      reason: `nothing listened on port ${port} within ${options.startTimeoutMs / 1000} s of starting your server (does it use port ${port}, or the PORT environment variable?)`,
    };
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
      close: async () => {
        if (this.probe) await (await this.probe.catch(() => null))?.network.close();
      },
    };
  }

  /** Remembers a container start under way until it settles. */
  private track<T>(operation: Promise<T>): Promise<T> {
    this.starting.add(operation);
    void operation.finally(() => this.starting.delete(operation)).catch(() => undefined);
    return operation;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
