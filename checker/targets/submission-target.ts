/**
 * `charcount-check --submission DIR`: the student's folder built into an image (its Dockerfile,
 * or server.py on python:3.13-slim) and run in a container with no way out, limits on memory,
 * processes and CPU, as a uid that is not root, on a read-only root with a /tmp tmpfs. The
 * probes run in a probe container that owns the network namespace the server's container
 * joins: they connect from the server's own loopback. Each restart of the program after an
 * exit is a fork inside the same running container (server-runs.ts: two containers per check
 * in all); dispose() removes every container made, and the image too when it was the check's own.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { StartError } from '../../command-line/usage-error';
import type { Language } from '../../language';
import { visibleText } from '../export/visible-text';
import { START_TEXTS } from '../messages/start-texts';
import type { ProbeNetwork } from '../probe/connection';
import { waitOutClosingConnections } from './closing-connections';
import { CHECK_LABEL, DEFAULT_LIMITS, serverContainerSpec, SUBMISSION_USER, type SubmissionLimits } from './container-specs';
import { CONTAINER_TEXTS } from './container-texts';
import { probeAddress } from './probe-address';
import { startProbeContainer, type ProbeContainer } from './probe-container';
import { ProgramOutput } from './program-output';
import { readTheKeyboard } from './reads-keyboard';
import type { ProgramRun } from './program-run';
import { removeContainer } from './server-container';
import { ServerRuns } from './server-runs';
import { SubmissionImage } from './submission-image';
import { IPV4_LOOPBACK, submissionNetwork } from './submission-network';
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
  /** 'shared' (charcount-check's default) or 'own' (the grader): see SubmissionImageOptions. */
  image?: 'shared' | 'own';
}

/** How often readiness is looked up through the agent while the program starts: a restart is ready this much sooner on average. */
const POLL_MS = 10;
/** As for a command: a run that listened and then closed its listening socket gets a second only. */
const STOPPED_LISTENING_WAIT_MS = 1000;
/** The kernel keeps TIME_WAIT for 60 s; a little more covers timer granularity. */
const TIME_WAIT_LIMIT_MS = 65_000;
const DOCKER_TIMEOUT_MS = 10_000;
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
  readonly port: number;
  readonly network: ProbeNetwork;
  readonly restartable = true;
  readonly signalable = false;
  /** Where the probes connect: see probeAddress ("localhost" is 127.0.0.1, then ::1). */
  host = IPV4_LOOPBACK;

  private readonly limits: SubmissionLimits;
  private readonly language: Language;
  private readonly say: (typeof CONTAINER_TEXTS)['en'];
  private readonly labels: Record<string, string>;
  private readonly output: ProgramOutput;
  private readonly image: SubmissionImage;
  private readonly containers = new Set<string>();
  /** Container starts under way: dispose waits for them, so none is created after it ran. */
  private readonly starting = new Set<Promise<unknown>>();
  private readonly stopBuild = new AbortController();
  private imageReady: Promise<StartResult> | null = null;
  private probe: Promise<ProbeContainer> | null = null;
  /** The server's container and the runs of the program in it, made at the first start. */
  private runs: ServerRuns | null = null;
  private server: ProgramRun | null = null;
  /** The run last seen listening. */
  private listened: ProgramRun | null = null;
  private disposing: Promise<void> | null = null;

  constructor(
    private readonly options: SubmissionTargetOptions,
    source: SubmissionSource,
    private readonly docker: Docker,
    private readonly probeImage: string,
  ) {
    this.description = `submission ${options.dir}`;
    this.port = options.port;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.language = options.language ?? 'en';
    this.say = CONTAINER_TEXTS[this.language];
    this.labels = { ...options.labels, [CHECK_LABEL]: options.runId ?? randomUUID().slice(0, 8) };
    this.output = new ProgramOutput({ shownLines: options.shownOutputLines }, options.onOutput, options.notice, this.language);
    this.image = new SubmissionImage({
      docker,
      source,
      limits: this.limits,
      labels: this.labels,
      image: options.image ?? 'shared',
      notice: options.notice,
      language: this.language,
      stopping: () => this.disposing !== null,
    });
    this.network = submissionNetwork(() => this.probe);
  }

  async ensureRunning(): Promise<StartResult> {
    if (this.disposing) return this.stopped();
    const built = await (this.imageReady ??= this.track(this.image.prepare(this.stopBuild.signal)));
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

  /** Not signalable: the program in a container is not the checker's child to signal. */
  async terminate(): Promise<void> {}

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.stopBuild.abort();
      await Promise.allSettled([...this.starting, this.imageReady]);
      const probe = await this.probe?.catch(() => null);
      await probe?.network.close().catch(() => undefined);
      this.runs?.endInput();
      await Promise.allSettled([...this.containers].map((id) => removeContainer(this.docker.getContainer(id))));
      this.containers.clear();
      await this.image.removeIfOwn();
    })();
    return this.disposing;
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
      if (this.disposing || !(await waitOutClosingConnections(holders, this.port, timeWaitDeadline, this.options.notice, this.language))) return result;
    }
  }

  /** Starts a run of the program: its container at the first start. */
  private async startServer(probe: ProbeContainer): Promise<ProgramRun | { ok: false; reason: string }> {
    if (!this.runs) {
      const { limits } = this;
      this.options.notice(this.say.startingContainer({ user: SUBMISSION_USER, mib: limits.memoryBytes / MIB, pids: limits.pids, cpus: limits.cpus, port: this.port }));
      const spec = (supervisor?: string[]) =>
        serverContainerSpec({ image: this.image.id!, probeContainerId: probe.id, port: this.port, limits, labels: this.labels, supervisor });
      this.runs = new ServerRuns(this.docker, spec, (id) => this.containers.add(id));
    }
    // Checked in the same turn as the start is tracked: dispose either waits for it or it never begins.
    if (this.disposing) return this.stopped();
    try {
      const server = await this.track(this.runs.start(this.output));
      this.server = server;
      void server.exited.then(() => {
        if (server.outOfMemory) this.options.notice(this.say.outOfMemory({ mib: this.limits.memoryBytes / MIB }));
      });
      return server;
    } catch (error) {
      return { ok: false, reason: this.say.containerNotStarted({ why: visibleText(firstLine((error as Error).message)) }) };
    }
  }

  /**
   * Waits until the port listens in the namespace (without connecting), or the server exits, or
   * the start time runs out. A run that listened and then closed its listening socket gets a
   * second only: it is on its way out (a one-client server) or will never listen again.
   */
  private async waitUntilListening(probe: ProbeContainer, server: ProgramRun): Promise<StartResult> {
    const { port, options } = this;
    const say = START_TEXTS[this.language];
    const listened = this.listened === server;
    const deadline = performance.now() + (listened ? STOPPED_LISTENING_WAIT_MS : options.startTimeoutMs);
    while (performance.now() < deadline && !this.disposing) {
      if (server.exit) {
        await server.outputDrained();
        const exit = describeExit(server.exit, this.language);
        if (listened) return { ok: false, reason: say.closedListeningAndExited({ exit }) };
        if (readTheKeyboard(this.output)) return { ok: false, reason: say.readsKeyboard({ port }) };
        const memoryMib = server.outOfMemory ? this.limits.memoryBytes / MIB : null;
        return { ok: false, reason: this.say.exitedBeforeListening({ exit, memoryMib, lastWords: this.output.lastWords() }) };
      }
      const listening = await probe.network.listeningAddresses(port);
      if (listening !== null && listening.length > 0) {
        const address = probeAddress(listening);
        this.host = address === 'localhost' ? IPV4_LOOPBACK : address;
        this.listened = server;
        return { ok: true };
      }
      await sleep(POLL_MS);
    }
    if (listened) return { ok: false, reason: say.closedListeningStillRunning({ port }) };
    return { ok: false, reason: say.nothingListened({ port, seconds: options.startTimeoutMs / 1000 }) };
  }

  private stopped(): { ok: false; reason: string } {
    return { ok: false, reason: this.say.stopped() };
  }

  /** Remembers a start under way until it settles. */
  private track<T>(operation: Promise<T>): Promise<T> {
    this.starting.add(operation);
    void operation.finally(() => this.starting.delete(operation)).catch(() => undefined);
    return operation;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
