/** What a load generator (a worker thread, a C process) has said, taken oldest first, with a deadline for the next word. */
export class Inbox<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private closedBecause: string | null = null;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  /** Nothing more will come: once the items are taken, take() throws with `reason`. */
  close(reason: string): void {
    this.closedBecause = reason;
    this.wake?.();
  }

  /** The oldest item, waiting until `deadline` (a Date.now() time) for one; undefined when none came by then. */
  async take(deadline: number): Promise<T | undefined> {
    while (this.items.length === 0) {
      if (this.closedBecause !== null) throw new Error(this.closedBecause);
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return this.items.shift();
  }
}
