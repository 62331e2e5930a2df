/**
 * What one soak client does on its connection, each with its weight among the others: a
 * scripted exchange of generated messages checked against the reference model, a classic
 * (no newline) message, a reset in the middle of a message, a flood it never reads, a
 * half-close inside a character, a connection that sends nothing.
 */
import { RawConnection } from '../../tests/hardening/raw-connection';
import { play } from '../../tests/hardening/play';
import { describeScenario, expectedFor, type Scenario } from '../../tests/hardening/scenarios';
import { LOOPBACK } from '../../tests/support/paths';
import { sleep } from '../../tests/support/sleep';

const MODEL = { maxMessageBytes: 16 * 1024 * 1024 };
const QUIET_MS = 150;

/** What a behaviour may use of the churn: its random numbers, its scenarios, and its tally of checked messages. */
export interface ChurnContext {
  /** A number in [0, n), from the churn's seeded generator. */
  rand(n: number): number;
  /** One of the generated scenarios, chosen at random. */
  scenario(): Scenario;
  /** Counts `messages` checked replies; when they were not right, one mismatch described by `problem`. */
  checked(messages: number, right: boolean, problem: () => string): void;
}

export interface Behaviour {
  name: string;
  weight: number;
  run(port: number, churn: ChurnContext): Promise<void>;
}

export const BEHAVIOURS: readonly Behaviour[] = [
  {
    name: 'scripted',
    weight: 10,
    async run(port, churn) {
      const scenario = churn.scenario();
      const expected = expectedFor(scenario, true, MODEL);
      const result = await play(LOOPBACK, port, scenario, { quietPeriodMs: QUIET_MS, model: MODEL });
      churn.checked(
        expected.length,
        JSON.stringify(result.lines) === JSON.stringify(expected) && result.ended,
        () =>
          `mismatch: ${describeScenario(scenario).slice(0, 300)}\n  expected ${JSON.stringify(expected).slice(0, 300)}\n  got      ${JSON.stringify(result.lines).slice(0, 300)}`,
      );
    },
  },
  {
    name: 'classic',
    weight: 2,
    async run(port, churn) {
      const c = await RawConnection.open(LOOPBACK, port);
      await c.write(Buffer.from('Halo dunia'));
      const ok = await c.until(() => c.lines.length >= 1, 5000);
      churn.checked(1, ok && c.lines[0] === 'Jumlah karakter dalam kalimat tersebut adalah 10', () => `classic: got ${JSON.stringify(c.lines)}`);
      c.socket.end();
      await c.until(() => c.closed, 3000);
      c.socket.destroy();
    },
  },
  {
    name: 'reset mid-message',
    weight: 2,
    async run(port, churn) {
      const c = await RawConnection.open(LOOPBACK, port);
      await c.write(Buffer.concat([Buffer.from('satu\nHalo du'), Buffer.from([0xf0, 0x9f])]));
      await sleep(churn.rand(20));
      c.socket.resetAndDestroy();
    },
  },
  {
    name: 'flood, never read, disconnect',
    weight: 1,
    async run(port, churn) {
      const c = await RawConnection.open(LOOPBACK, port);
      c.socket.pause();
      c.socket.write(Buffer.alloc(40_000, 'x\n'));
      await sleep(50 + churn.rand(100));
      if (churn.rand(2) === 0) c.socket.resetAndDestroy();
      else c.socket.destroy();
    },
  },
  {
    name: 'half-close inside a character',
    weight: 2,
    async run(port, churn) {
      const c = await RawConnection.open(LOOPBACK, port);
      await c.write(Buffer.from([0x68, 0x61, 0x72, 0x67, 0x61, 0x20, 0xe2, 0x82]));
      c.socket.end();
      await c.until(() => c.ended || c.closed, 5000);
      churn.checked(
        1,
        c.lines[0] === 'ERROR invalid UTF-8 at byte 6: the message ends inside a 3-byte sequence that starts with 0xE2; the message was not counted',
        () => `half-close inside a character: got ${JSON.stringify(c.lines)}`,
      );
      c.socket.destroy();
    },
  },
  {
    name: 'silent',
    weight: 1,
    async run(port, churn) {
      const c = await RawConnection.open(LOOPBACK, port);
      await sleep(20 + churn.rand(50));
      c.socket.destroy();
    },
  },
];
