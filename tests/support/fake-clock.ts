import type { Clock, Timer } from '../../server/connection-timers';

interface Scheduled {
  at: number;
  ms: number;
  onElapsed: () => void;
  cancelled: boolean;
}

/** A clock that only moves when a test says so: advance(ms) runs every timer that falls due, in time order. */
export class FakeClock implements Clock {
  private nowMs = 0;
  private readonly scheduled = new Set<Scheduled>();

  startTimer(ms: number, onElapsed: () => void): Timer {
    const entry: Scheduled = { at: this.nowMs + ms, ms, onElapsed, cancelled: false };
    this.scheduled.add(entry);
    return {
      restart: () => {
        entry.at = this.nowMs + entry.ms;
        entry.cancelled = false;
        this.scheduled.add(entry);
      },
      cancel: () => {
        entry.cancelled = true;
        this.scheduled.delete(entry);
      },
    };
  }

  /** Timers still pending. */
  get pending(): number {
    return this.scheduled.size;
  }

  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const next = [...this.scheduled].filter((entry) => entry.at <= until).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.nowMs = next.at;
      this.scheduled.delete(next);
      next.onElapsed();
    }
    this.nowMs = until;
  }
}
