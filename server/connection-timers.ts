/**
 * Every timer of one connection, and the rules for when each runs, with no I/O: the clock is
 * passed in, so tests step through time (advance 149 ms, nothing; 1 ms more, the quiet
 * period ends) instead of sleeping.
 *
 * - quiet period: unterminated bytes count as a whole message once the client has been
 *   silent this long (classic clients send no newline);
 * - idle timeout: a connection that completes no message for this long is closed;
 * - settle: while the server shuts down, a connection is ended once its client is silent;
 * - linger: after the server's FIN, how long the client gets to close its side before the
 *   socket is destroyed.
 */

/** Starts timers: the system's in the server, a fake one in tests. */
export interface Clock {
  startTimer(ms: number, onElapsed: () => void): Timer;
}

export interface Timer {
  /** Starts counting the same duration again, from now. */
  restart(): void;
  cancel(): void;
}

export interface TimerSettings {
  /** 0: strict line mode, no quiet period. */
  quietPeriodMs: number;
  /** 0: never. */
  idleTimeoutMs: number;
}

/** What the connection does when a timer runs out. */
interface TimerEvents {
  onQuietPeriod(): void;
  onIdleTimeout(): void;
  onSettled(): void;
  onLingerOver(): void;
}

/** What the silence timers depend on, after every chunk and every change of reading. */
export interface SilenceState {
  /** An unfinished message is waiting for its end. */
  pendingBytes: boolean;
  /** False while the server itself has stopped reading (backpressure): bytes waiting in the kernel are not silence. */
  reading: boolean;
  /** The server is shutting down. */
  draining: boolean;
}

/** While shutting down, a connection is ended once no bytes have arrived for this long (plus the quiet period while a message is pending). */
export const DRAIN_SETTLE_MS = 50;
/** A client that never reads its last replies cannot hold an ended connection open longer than this. */
export const END_TIMEOUT_MS = 30_000;
/** After the last reply is handed to the kernel, how long the client gets to close its side. */
export const CLOSE_LINGER_MS = 1000;
/** The same while shutting down, kept short so `docker stop` and Ctrl-C stay quick with idle clients (nc) attached. */
export const SHUTDOWN_LINGER_MS = 100;

export class ConnectionTimers {
  private quiet: Timer | undefined;
  private idle: Timer | undefined;
  private settle: Timer | undefined;
  private settleMs = 0;
  private linger: Timer | undefined;

  constructor(
    private readonly settings: TimerSettings,
    private readonly clock: Clock,
    private readonly events: TimerEvents,
  ) {
    if (settings.idleTimeoutMs > 0) this.idle = clock.startTimer(settings.idleTimeoutMs, () => events.onIdleTimeout());
  }

  /** The idle timeout restarts only when a message is complete, so a line that never ends cannot keep a connection (slowloris). */
  messageCompleted(): void {
    this.idle?.restart();
  }

  /** The quiet period and the settle time both measure the client's silence: they restart with every chunk. */
  silence({ pendingBytes, reading, draining }: SilenceState): void {
    if (this.settings.quietPeriodMs > 0 && pendingBytes && reading) {
      this.quiet = this.restart(this.quiet, this.settings.quietPeriodMs, () => this.quietPeriodElapsed());
    } else {
      this.cancelQuiet();
    }
    if (draining && reading) {
      // Pending bytes may still become a classic client's message, which needs the quiet period to pass.
      const settleMs = pendingBytes ? this.settings.quietPeriodMs + DRAIN_SETTLE_MS : DRAIN_SETTLE_MS;
      if (settleMs !== this.settleMs) this.cancelSettle();
      this.settleMs = settleMs;
      this.settle = this.restart(this.settle, settleMs, () => this.events.onSettled());
    } else {
      this.cancelSettle();
    }
  }

  /** The server has sent its FIN: only the end timeout runs until the FIN is on its way. */
  ended(): void {
    this.stopWatchingTheClient();
    this.linger = this.clock.startTimer(END_TIMEOUT_MS, () => this.events.onLingerOver());
  }

  /** Every reply and the FIN are handed to the kernel: the client gets a short linger to close its side. */
  finished(shuttingDown: boolean): void {
    this.linger?.cancel();
    this.linger = this.clock.startTimer(shuttingDown ? SHUTDOWN_LINGER_MS : CLOSE_LINGER_MS, () => this.events.onLingerOver());
  }

  /** The socket is closed: nothing may fire any more. */
  cancelAll(): void {
    this.stopWatchingTheClient();
    this.linger?.cancel();
    this.linger = undefined;
  }

  /** The quiet period, the idle timeout and settling all watch what the client sends. */
  private stopWatchingTheClient(): void {
    this.cancelQuiet();
    this.idle?.cancel();
    this.idle = undefined;
    this.cancelSettle();
  }

  private quietPeriodElapsed(): void {
    this.quiet = undefined;
    this.events.onQuietPeriod();
  }

  private restart(timer: Timer | undefined, ms: number, onElapsed: () => void): Timer {
    if (timer === undefined) return this.clock.startTimer(ms, onElapsed);
    timer.restart();
    return timer;
  }

  private cancelQuiet(): void {
    this.quiet?.cancel();
    this.quiet = undefined;
  }

  private cancelSettle(): void {
    this.settle?.cancel();
    this.settle = undefined;
  }
}
