import type { Clock } from './connection-timers';

/** Node's timers; `refresh()` restarts a timer without allocating a new one, which matters once per chunk. */
export const systemClock: Clock = {
  startTimer(ms, onElapsed) {
    const timeout = setTimeout(onElapsed, ms);
    return { restart: () => void timeout.refresh(), cancel: () => clearTimeout(timeout) };
  },
};
