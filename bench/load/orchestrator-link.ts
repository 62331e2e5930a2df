import type { Command, Report } from '../lib/tasks';

/** The orchestrator's commands a task waits for, in the order it sends them. */
export type Signal = Exclude<Command['type'], 'task'>;

/** What a task sees of the orchestrator: reports go out, signals come in. */
export interface OrchestratorLink {
  send(report: Report): void;
  /** Resolves when the orchestrator sends `signal` (at once if it came before the task asked). */
  nextSignal(signal: Signal): Promise<void>;
}

/** Signals that arrive before a task waits for them are kept until it does. */
export class SignalQueue {
  private readonly waiting = new Map<Signal, () => void>();
  private readonly early = new Set<Signal>();

  next(signal: Signal): Promise<void> {
    if (this.early.delete(signal)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(signal, resolve));
  }

  arrived(signal: Signal): void {
    const resolve = this.waiting.get(signal);
    if (resolve) {
      this.waiting.delete(signal);
      resolve();
    } else {
      this.early.add(signal);
    }
  }

  /** A new task starts: signals meant for the last one are forgotten. */
  clear(): void {
    this.waiting.clear();
    this.early.clear();
  }
}
