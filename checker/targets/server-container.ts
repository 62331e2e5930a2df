/**
 * One run of the student's server where the image has no /bin/sh for the supervisor: its
 * container (made once per check, in the probe container's namespaces) started again, its
 * stdout and stderr attached (before it starts, so no line is lost) and fed to the program
 * output, and its exit code from `docker wait`. Starting the stopped container again costs
 * no new container, but most of a second; /tmp is mounted anew at each start.
 */
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { ContainerCreateOptions } from 'dockerode';
import type { ProgramOutput } from './program-output';
import { exitOf, type ProgramRun } from './program-run';
import type { ProgramExit } from './target';

/** After the exit, the last output may still be on its way through the attach stream. */
const OUTPUT_DRAIN_MS = 500;
/** docker stop's grace before SIGKILL: a server that ignores SIGTERM holds nothing up for long. */
const STOP_GRACE_S = 1;

export class ServerContainer implements ProgramRun {
  exit: ProgramExit | null = null;
  /** Whether the kernel killed it for passing its memory limit. */
  outOfMemory = false;
  /** Resolves with the exit once the container has stopped. */
  readonly exited: Promise<ProgramExit>;

  /** Call once the container has started: `docker wait` on a container that never ran returns at once. */
  private constructor(
    private readonly container: Docker.Container,
    private readonly outputDone: Promise<void>,
  ) {
    this.exited = container.wait().then(
      async (result: { StatusCode: number }) => {
        const state = await container.inspect().then((info) => info.State, () => null);
        this.outOfMemory = state?.OOMKilled === true;
        return this.record(exitOf(result.StatusCode, this.outOfMemory));
      },
      // The container is gone (removed under us): it has stopped, how is unknown.
      () => this.record({ code: null, signal: 'SIGKILL' }),
    );
  }

  /** Creates the server's container (not started); `created` hears of it first, so cleanup can remove it whatever fails next. */
  static async create(docker: Docker, spec: ContainerCreateOptions, created: (id: string) => void): Promise<Docker.Container> {
    const container = await docker.createContainer(spec);
    created(container.id);
    return container;
  }

  /** Starts the stopped container. Rejects with Docker's message when it cannot start (no command, say). */
  static async start(docker: Docker, container: Docker.Container, output: ProgramOutput): Promise<ServerContainer> {
    // The same container starts again after each exit: a trace shows only what this run printed.
    output.restart();
    const attached = await container.attach({ stream: true, stdout: true, stderr: true });
    const stdout = output.stream();
    const stderr = output.stream('stderr');
    const outputDone = new Promise<void>((resolve) => {
      const done = (): void => {
        stdout.flush();
        stderr.flush();
        resolve();
      };
      attached.once('end', done);
      attached.once('close', done);
      attached.once('error', done);
    });
    docker.modem.demuxStream(attached, sink(stdout), sink(stderr));
    await container.start();
    return new ServerContainer(container, outputDone);
  }

  private record(exit: ProgramExit): ProgramExit {
    this.exit = exit;
    return exit;
  }

  get id(): string {
    return this.container.id;
  }

  /** Resolves when the output has all arrived, or after a short wait. */
  async outputDrained(): Promise<void> {
    await Promise.race([this.outputDone, new Promise((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS).unref())]);
  }

  /** Stops it (SIGTERM, then SIGKILL after a second); it can be started again. */
  async stop(): Promise<void> {
    await this.container.stop({ t: STOP_GRACE_S }).catch(() => undefined);
    await this.exited;
  }
}

/** The demultiplexer writes each stream's frames to a writable; this one hands them to the program output. */
function sink(stream: { write(chunk: Buffer): void }): NodeJS.WritableStream {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      stream.write(chunk);
      done();
    },
  });
}

/** docker stop with a short grace, then remove (forced): for every container a check made. */
export async function removeContainer(container: Docker.Container): Promise<void> {
  await container.stop({ t: STOP_GRACE_S }).catch(() => undefined);
  await container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
    // 404: already gone; 409: removal already in progress.
    if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
  });
}
