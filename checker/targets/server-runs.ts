/**
 * The runs of the student's program in the server's container, made at the first run. Where
 * the image has /bin/sh and a command, the container's main process is the supervisor, and a
 * restart is a fork inside the running container; otherwise (an image without a shell, or
 * whose command Docker itself rejects) the container is started again for each run, as
 * before the supervisor (most of a second each). Either way, one server container per check.
 */
import type Docker from 'dockerode';
import type { ContainerCreateOptions } from 'dockerode';
import type { ProgramOutput } from './program-output';
import type { ProgramRun } from './program-run';
import { imageCommand, lacksShell, supervisedEntrypoint } from './program-supervisor';
import { removeContainer, ServerContainer } from './server-container';
import { SupervisedServer } from './supervised-server';

export class ServerRuns {
  private supervised: SupervisedServer | null = null;
  /** The container started again for each run, where there is no supervisor. */
  private restarted: Docker.Container | null = null;

  constructor(
    private readonly docker: Docker,
    /** The server container's configuration, without the supervisor. */
    private readonly spec: (supervisor?: string[]) => ContainerCreateOptions,
    /** Hears of each container as soon as it exists, so cleanup can remove it whatever fails next. */
    private readonly created: (id: string) => void,
  ) {}

  /** Starts the program again (the container at the first run). Rejects with Docker's message when it cannot start. */
  async start(output: ProgramOutput): Promise<ProgramRun> {
    if (this.supervised) return this.supervised.startRun(output);
    if (this.restarted) return ServerContainer.start(this.docker, this.restarted, output);
    const base = this.spec();
    const command = imageCommand((await this.docker.getImage(base.Image!).inspect()).Config);
    // An image with no command at all is left to Docker, which says so.
    if (command.length > 0) {
      const container = await ServerContainer.create(this.docker, this.spec(supervisedEntrypoint(command)), this.created);
      // Kept whatever the first start says, so a start that failed for another reason is tried again in it.
      this.supervised = new SupervisedServer(this.docker, container);
      try {
        return await this.supervised.startRun(output);
      } catch (error) {
        if (!lacksShell(error)) throw error;
        this.supervised = null;
        await removeContainer(container).catch(() => undefined);
      }
    }
    this.restarted = await ServerContainer.create(this.docker, base, this.created);
    return ServerContainer.start(this.docker, this.restarted, output);
  }

  /** The check is over: the supervisor ends once the current run has. */
  endInput(): void {
    this.supervised?.endInput();
  }
}
