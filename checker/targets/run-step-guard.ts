/**
 * The limits the classic builder cannot take, put on each RUN step's container as the build
 * names it (" ---> Running in <id>"): the server's process limit (docker update
 * --pids-limit, in effect about 25 ms after the step starts, as soon as the build names its
 * container: the classic builder takes no limit at creation, so a fork bomb has those
 * milliseconds, then gets "Resource temporarily unavailable" instead of the host's process
 * table), and a watch twice a second that kills
 * the step once it holds that many processes (a fork bomb that keeps retrying would otherwise
 * spin until the build's time limit) or has written more than BUILD_DISK_BYTES (a disk filler
 * stops there, not when the host's disk is full). A step killed so fails the build with why.
 */
import type Docker from 'dockerode';
import type { SubmissionLimits } from './container-specs';
import type { CONTAINER_TEXTS } from './container-texts';

/** How often a step is looked at: a fast writer gets at most this long past the size limit. */
const POLL_MS = 500;
const MIB = 1024 * 1024;
/** What one RUN step may write (its layer): far more than installing a submission's packages takes. */
const BUILD_DISK_BYTES = 1024 * MIB;

export class RunStepGuard {
  /** Why a step was stopped, once one was. */
  stopped: string | null = null;
  private readonly watching = new Set<Promise<void>>();

  constructor(
    private readonly docker: Docker,
    private readonly limits: SubmissionLimits,
    private readonly say: (typeof CONTAINER_TEXTS)['en'],
  ) {}

  /** Guards the step's container until it ends. */
  watch(containerId: string): void {
    const watched = this.guard(this.docker.getContainer(containerId)).catch(() => undefined);
    this.watching.add(watched);
    void watched.finally(() => this.watching.delete(watched));
  }

  /** Resolves once no step is watched any more. */
  async done(): Promise<void> {
    await Promise.all([...this.watching]);
  }

  private async guard(container: Docker.Container): Promise<void> {
    // Until the step's container has started, its cgroup does not exist; the update waits for that.
    await container.update({ PidsLimit: this.limits.pids });
    for (;;) {
      // dockerode's types lack the size option (GET /containers/{id}/json?size=1), which adds SizeRw.
      const info = (await container.inspect({ size: true } as object)) as Docker.ContainerInspectInfo & { SizeRw?: number };
      if (!info.State.Running) return;
      if ((info.SizeRw ?? 0) > BUILD_DISK_BYTES) return this.stop(container, this.say.stepTooBig({ mib: BUILD_DISK_BYTES / MIB }));
      // One-shot: the counts now, without the second sample a CPU figure needs.
      const stats = (await container.stats({ stream: false, 'one-shot': true } as object)) as { pids_stats?: { current?: number } };
      if ((stats.pids_stats?.current ?? 0) >= this.limits.pids) {
        return this.stop(container, this.say.stepForkBomb({ pids: this.limits.pids }));
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async stop(container: Docker.Container, why: string): Promise<void> {
    this.stopped ??= why;
    await container.kill();
  }
}
