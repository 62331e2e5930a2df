/**
 * The connection's timers, stepped through time without sleeping, in CS144's style: each
 * scenario is a list of actions (a chunk arrives, the clock moves N ms) and expectations (this
 * timer ran out, or nothing did). A failure prints the steps so far, then what was expected
 * and what happened.
 */
import { describe, it } from 'vitest';
import {
  CLOSE_LINGER_MS,
  ConnectionTimers,
  DRAIN_SETTLE_MS,
  END_TIMEOUT_MS,
  SHUTDOWN_LINGER_MS,
  type SilenceState,
  type TimerSettings,
} from '../../server/connection-timers';
import { FakeClock } from '../support/fake-clock';

type TimerEvent = 'quiet period' | 'idle timeout' | 'settled' | 'linger over';

const READING_A_MESSAGE: SilenceState = { pendingBytes: true, reading: true, draining: false };
const BETWEEN_MESSAGES: SilenceState = { pendingBytes: false, reading: true, draining: false };

class TimerScenario {
  private readonly clock = new FakeClock();
  private readonly fired: string[] = [];
  private readonly steps: string[] = [];
  private readonly timers: ConnectionTimers;

  constructor(settings: TimerSettings) {
    this.steps.push(`start a connection (quiet period ${settings.quietPeriodMs} ms, idle timeout ${settings.idleTimeoutMs} ms)`);
    this.timers = new ConnectionTimers(settings, this.clock, {
      onQuietPeriod: () => this.fired.push('quiet period'),
      onIdleTimeout: () => this.fired.push('idle timeout'),
      onSettled: () => this.fired.push('settled'),
      onLingerOver: () => this.fired.push('linger over'),
    });
  }

  /** A chunk arrived, or reading stopped or resumed: the connection reports its silence state. */
  chunk(state: SilenceState, what = describeState(state)): this {
    return this.act(what, () => this.timers.silence(state));
  }

  messageCompleted(): this {
    return this.act('a message is complete', () => this.timers.messageCompleted());
  }

  ended(): this {
    return this.act('the server sends its FIN', () => this.timers.ended());
  }

  finished(shuttingDown: boolean): this {
    return this.act(`the FIN is handed to the kernel${shuttingDown ? ' (shutting down)' : ''}`, () => this.timers.finished(shuttingDown));
  }

  closed(): this {
    return this.act('the socket closes', () => this.timers.cancelAll());
  }

  advance(ms: number): this {
    return this.act(`advance the clock by ${ms} ms`, () => this.clock.advance(ms));
  }

  expect(...events: TimerEvent[]): this {
    const got = this.fired.splice(0);
    if (JSON.stringify(got) !== JSON.stringify(events)) {
      const shown = (list: string[]): string => (list.length === 0 ? 'nothing' : list.join(', '));
      throw new Error(`${this.steps.map((step, i) => `  ${i + 1}. ${step}`).join('\n')}\nexpected ${shown(events)}, but got ${shown(got)}`);
    }
    this.steps.push(events.length === 0 ? 'expect nothing' : `expect ${events.join(', ')}`);
    return this;
  }

  expectNoTimerLeft(): this {
    if (this.clock.pending !== 0) throw new Error(`${this.steps.join('\n')}\nexpected no timer left, but ${this.clock.pending} are pending`);
    return this;
  }

  private act(step: string, action: () => void): this {
    this.steps.push(step);
    action();
    return this;
  }
}

function describeState({ pendingBytes, reading, draining }: SilenceState): string {
  return `a chunk arrives (${pendingBytes ? 'a message unfinished' : 'no message unfinished'}, ${reading ? 'reading' : 'not reading'}${draining ? ', shutting down' : ''})`;
}

const CLASSIC = { quietPeriodMs: 150, idleTimeoutMs: 0 };

describe('the quiet period', () => {
  it('ends an unfinished message 150 ms after its last byte, not a millisecond sooner', () => {
    new TimerScenario(CLASSIC).chunk(READING_A_MESSAGE).advance(149).expect().advance(1).expect('quiet period').advance(10_000).expect();
  });

  it('restarts with every chunk: a client typing slowly is not cut off', () => {
    new TimerScenario(CLASSIC)
      .chunk(READING_A_MESSAGE).advance(100).expect()
      .chunk(READING_A_MESSAGE).advance(100).expect()
      .chunk(READING_A_MESSAGE).advance(149).expect()
      .advance(1).expect('quiet period');
  });

  it('does not run while the server has stopped reading (backpressure): bytes waiting in the kernel are not silence', () => {
    new TimerScenario(CLASSIC)
      .chunk(READING_A_MESSAGE).advance(100)
      .chunk({ pendingBytes: true, reading: false, draining: false }, 'the client stops reading replies, so the server stops reading')
      .advance(5_000).expect()
      .chunk(READING_A_MESSAGE, 'the client reads again, so the server reads on').advance(149).expect().advance(1).expect('quiet period');
  });

  it('does not run between messages, nor in strict line mode (QUIET_PERIOD_MS=0)', () => {
    new TimerScenario(CLASSIC).chunk(BETWEEN_MESSAGES).advance(10_000).expect().expectNoTimerLeft();
    new TimerScenario({ quietPeriodMs: 0, idleTimeoutMs: 0 }).chunk(READING_A_MESSAGE).advance(10_000).expect().expectNoTimerLeft();
  });

  it('stops when the newline comes first', () => {
    new TimerScenario(CLASSIC).chunk(READING_A_MESSAGE).advance(100).chunk(BETWEEN_MESSAGES, 'the newline arrives').advance(10_000).expect();
  });
});

describe('the idle timeout', () => {
  const IDLE = { quietPeriodMs: 150, idleTimeoutMs: 300 };

  it('closes a connection that completes no message for IDLE_TIMEOUT_MS', () => {
    new TimerScenario(IDLE).advance(299).expect().advance(1).expect('idle timeout');
  });

  it('restarts only when a message is complete: bytes of a line that never ends do not keep a connection (slowloris)', () => {
    new TimerScenario({ quietPeriodMs: 0, idleTimeoutMs: 300 })
      .advance(200).messageCompleted()
      .advance(299).expect()
      .chunk(READING_A_MESSAGE, 'a byte of a line that never ends').advance(1).expect('idle timeout');
  });

  it('is never set with IDLE_TIMEOUT_MS=0', () => {
    new TimerScenario(CLASSIC).advance(END_TIMEOUT_MS * 10).expect().expectNoTimerLeft();
  });
});

describe('settling at shutdown', () => {
  it(`ends a connection once its client has been silent for ${DRAIN_SETTLE_MS} ms`, () => {
    new TimerScenario(CLASSIC)
      .chunk({ pendingBytes: false, reading: true, draining: true }, 'shutdown begins')
      .advance(DRAIN_SETTLE_MS - 1).expect()
      .chunk({ pendingBytes: false, reading: true, draining: true }, 'one more message arrives and is answered')
      .advance(DRAIN_SETTLE_MS - 1).expect()
      .advance(1).expect('settled');
  });

  it('gives a classic client its quiet period first, so its message is answered before the FIN', () => {
    new TimerScenario(CLASSIC)
      .chunk({ pendingBytes: true, reading: true, draining: true }, 'shutdown begins while a message without a newline is arriving')
      .advance(150).expect('quiet period')
      .chunk({ pendingBytes: false, reading: true, draining: true }, 'the message is answered')
      .advance(DRAIN_SETTLE_MS - 1).expect()
      .advance(1).expect('settled');
  });

  it('waits while the server is not reading (the client is not reading its replies)', () => {
    new TimerScenario(CLASSIC).chunk({ pendingBytes: false, reading: false, draining: true }, 'shutdown begins, not reading').advance(10_000).expect();
  });
});

describe('after the server ends the connection', () => {
  it(`destroys the socket ${CLOSE_LINGER_MS} ms after the FIN left, ${SHUTDOWN_LINGER_MS} ms when shutting down`, () => {
    new TimerScenario(CLASSIC).ended().finished(false).advance(CLOSE_LINGER_MS - 1).expect().advance(1).expect('linger over');
    new TimerScenario(CLASSIC).ended().finished(true).advance(SHUTDOWN_LINGER_MS - 1).expect().advance(1).expect('linger over');
  });

  it(`gives up after ${END_TIMEOUT_MS / 1000} s on a client that never reads its last replies (the FIN never leaves)`, () => {
    new TimerScenario(CLASSIC).ended().advance(END_TIMEOUT_MS - 1).expect().advance(1).expect('linger over');
  });

  it('stops the quiet period, the idle timeout and settling: nothing else happens to an ended connection', () => {
    new TimerScenario({ quietPeriodMs: 150, idleTimeoutMs: 300 })
      .chunk({ pendingBytes: true, reading: true, draining: true })
      .ended().advance(END_TIMEOUT_MS - 1).expect().advance(1).expect('linger over');
  });

  it('leaves no timer once the socket has closed', () => {
    new TimerScenario({ quietPeriodMs: 150, idleTimeoutMs: 300 }).chunk(READING_A_MESSAGE).ended().closed().expectNoTimerLeft().advance(END_TIMEOUT_MS).expect();
  });
});
