/**
 * Which submission images this run built, and who still uses them. An image is named by its
 * folder's content hash (charcount-submission:<hash>), so two students who handed in the same
 * files share one: it is removed when the last of them is done, and only if it did not exist
 * before the run (those belong to whoever built them, e.g. a charcount-check --submission).
 * Removing the tag removes the untagged layers under it that nothing else uses.
 */
import type Docker from 'dockerode';

export class ImageLedger {
  private readonly users = new Map<string, number>();
  /** Whether each tag existed when the run first needed it. */
  private readonly existedBefore = new Map<string, Promise<boolean>>();
  /** Tags that could not be removed, for the run's last lines. */
  readonly leftovers = new Set<string>();

  constructor(private readonly docker: Docker) {}

  async acquire(tag: string): Promise<void> {
    this.users.set(tag, (this.users.get(tag) ?? 0) + 1);
    if (!this.existedBefore.has(tag)) {
      this.existedBefore.set(tag, this.docker.getImage(tag).inspect().then(() => true, () => false));
    }
    await this.existedBefore.get(tag);
  }

  async release(tag: string): Promise<void> {
    const left = (this.users.get(tag) ?? 1) - 1;
    this.users.set(tag, left);
    if (left === 0) await this.removeIfOurs(tag);
  }

  /** After Ctrl-C: every image the run built, whoever was using it (their containers are gone). */
  async removeAll(): Promise<void> {
    await Promise.all([...this.existedBefore.keys()].map((tag) => this.removeIfOurs(tag)));
  }

  private async removeIfOurs(tag: string): Promise<void> {
    const existed = this.existedBefore.get(tag);
    if (existed === undefined || (await existed)) return;
    this.existedBefore.delete(tag);
    this.users.delete(tag);
    try {
      await this.docker.getImage(tag).remove();
      this.leftovers.delete(tag);
    } catch (error) {
      // 404: never built (the build failed or was stopped), nothing to remove.
      if ((error as { statusCode?: number }).statusCode !== 404) this.leftovers.add(tag);
    }
  }
}
