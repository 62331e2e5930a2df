/**
 * Byte-level fuzzing of the real server process against the reference model (model.ts):
 * fast-check generates byte streams (valid and invalid UTF-8, CR and LF everywhere, NUL,
 * long runs), cuts them into random writes with random delays, and plays each on its own
 * connection; the replies must equal the model's, message by message, and nothing else may
 * arrive.
 *
 * Run counts are bounded; HARDENING_SEED=<n> replays a failing seed.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LOOPBACK, sharedServer, useLoopbackHarness, type ServerProcess } from '../loopback/harness';
import { INVALID_CLASSES, messagesOf, outcomeOf, type InvalidClass, type ModelOptions } from './model';
import { INVALID_SAMPLES } from './byte-streams';
import { play } from './play';
import { describeScenario, eventsOf, expectedFor, quietScenario, strictScenario, type Scenario } from './scenarios';
import { HAVE_PROC, openFds } from './proc';

useLoopbackHarness();

const seed = process.env.HARDENING_SEED === undefined ? undefined : Number(process.env.HARDENING_SEED);
/** fast-check settings: bounded runs, and a bounded time (shrinking included) so a failure cannot run away. */
const budget = <T>(numRuns: number, seconds: number): fc.Parameters<T> => ({
  numRuns,
  interruptAfterTimeLimit: seconds * 1000,
  ...(seed === undefined ? {} : { seed }),
});

/** What the fuzz tried, for the record (printed at the end of the file). */
const tally = { scenarios: 0, messages: 0, bytes: 0, outcomes: new Map<string, number>() };
function record(scenario: Scenario, quietMode: boolean, model: ModelOptions): void {
  tally.scenarios++;
  for (const message of messagesOf(eventsOf(scenario), scenario.halfClose, quietMode)) {
    const outcome = outcomeOf(message, model);
    const key = outcome.kind === 'invalid' ? outcome.invalid : outcome.kind;
    tally.outcomes.set(key, (tally.outcomes.get(key) ?? 0) + 1);
    tally.messages++;
  }
  for (const step of scenario.steps) if ('bytes' in step) tally.bytes += step.bytes.length;
}
afterAll(() => {
  const outcomes = [...tally.outcomes].map(([k, v]) => `${k} ${v}`).join(', ');
  process.stdout.write(`[hardening/fuzz] ${tally.scenarios} scenarios (one connection each), ${tally.messages} messages, ${tally.bytes} bytes; ${outcomes}\n`);
});

/** Plays the scenario and checks the replies against the model; resolves when the connection is over. */
async function check(server: ServerProcess, scenario: Scenario, quietPeriodMs: number, model: ModelOptions): Promise<void> {
  record(scenario, quietPeriodMs > 0, model);
  const expected = expectedFor(scenario, quietPeriodMs > 0, model);
  const result = await play(LOOPBACK, server.port, scenario, { quietPeriodMs, model });
  const context = `scenario ${describeScenario(scenario).slice(0, 4000)}`;
  expect(result.lines, context).toEqual(expected);
  expect(result.unterminated, `${context}: bytes after the last reply line`).toBe('');
  if (scenario.halfClose) expect(result.ended, `${context}: the server should end the connection after a half-close`).toBe(true);
  expect(server.exit, `${context}: the server exited`).toBeUndefined();
  expect(server.stderrText, `${context}: server stderr`).toBe('');
}

/** Every invalid class the model met in the messages of the fuzz so far. */
const classesSeen = (): InvalidClass[] => INVALID_CLASSES.filter((c) => (tally.outcomes.get(c) ?? 0) > 0);

describe('strict line mode (--quiet-period-ms 0): any chunking and timing gives the same replies', () => {
  const small = sharedServer({ args: ['--quiet-period-ms', '0', '--max-message-bytes', '64'] });
  const large = sharedServer({ args: ['--quiet-period-ms', '0'] });
  const json = sharedServer({ args: ['--quiet-period-ms', '0', '--reply-format', 'json', '--language', 'en'] });

  it('--max-message-bytes 64: 400 random streams, messages around the limit, every invalid class, stalls up to 60 ms, half-close at the end', async () => {
    const model = { maxMessageBytes: 64 };
    const fdsBefore = HAVE_PROC ? openFds(small.current().pid) : 0;
    await fc.assert(
      fc.asyncProperty(strictScenario({ maxMessages: 8, maxRun: 200, runWeight: 1, limit: 64, maxDelayMs: 4, longDelayMs: 60 }), (scenario) =>
        check(small.current(), scenario, 0, model),
      ),
      budget(400, 40),
    );
    expect(classesSeen(), 'the fuzz should have met every invalid class').toEqual(INVALID_CLASSES);
    expect(tally.outcomes.get('too-long') ?? 0).toBeGreaterThan(0);
    if (HAVE_PROC) {
      // Every fuzz connection is closed on the server side too (a few may still be lingering).
      const server = small.current();
      let fds = openFds(server.pid);
      for (let i = 0; i < 40 && fds > fdsBefore; i++) {
        await new Promise((done) => setTimeout(done, 100));
        fds = openFds(server.pid);
      }
      expect(fds, 'server file descriptors after the fuzz').toBeLessThanOrEqual(fdsBefore);
    }
  });

  it('default limit (16 MiB): 60 streams with long runs (up to 150 kB, across the 64 KiB reads)', async () => {
    const model = { maxMessageBytes: 16 * 1024 * 1024 };
    await fc.assert(
      fc.asyncProperty(strictScenario({ maxMessages: 5, maxRun: 150_000, runWeight: 3, maxDelayMs: 3 }), (scenario) =>
        check(large.current(), scenario, 0, model),
      ),
      budget(60, 30),
    );
  });

  it('--reply-format json: 300 random streams; bytes, UTF-16 units and grapheme clusters too, whatever the cuts', async () => {
    const model: ModelOptions = { maxMessageBytes: 16 * 1024 * 1024, format: 'json', language: 'en' };
    await fc.assert(
      fc.asyncProperty(strictScenario({ maxMessages: 6, maxRun: 2000, runWeight: 1, maxDelayMs: 3 }), (scenario) =>
        check(json.current(), scenario, 0, model),
      ),
      budget(300, 30),
    );
  });

  // DEFECT (reported, minor: json's analysis field only, and only for pathological input):
  // GraphemeCounter carries at most 256 UTF-16 units of the last cluster from one read to the
  // next; past that it keeps a 16-unit tail, which can start inside an emoji ZWJ sequence and
  // then segments as two clusters, so the server says "graphemes":2 for a single 599-unit
  // cluster cut by a read boundary after 1000 bytes. Long runs of combining marks are fine.
  it('a 600-unit emoji ZWJ sequence (one grapheme cluster) cut by a read boundary after its first 256 units counts as one cluster', async () => {
    const model: ModelOptions = { maxMessageBytes: 16 * 1024 * 1024, format: 'json', language: 'en' };
    const chain = Buffer.from(`👨${'\u200d👨'.repeat(199)}`); // 1397 bytes, 599 UTF-16 units, 1 cluster
    for (const cut of [1000, 1003]) {
      const scenario: Scenario = {
        steps: [
          { bytes: chain.subarray(0, cut), delayMs: 30 },
          { bytes: Buffer.concat([chain.subarray(cut), Buffer.from('\n')]), delayMs: 0 },
        ],
        halfClose: true,
      };
      expect(expectedFor(scenario, false, model)).toEqual(['{"chars":399,"bytes":1397,"utf16Units":599,"graphemes":1}']);
      await check(json.current(), scenario, 0, model);
    }
  });
});

// 300 ms rather than the default 150 ms: the writes of one burst must never look like a pause,
// even on a busy machine. (The container suite runs the same cases at the default.)
describe('quiet mode (300 ms): classic clients that pause, mixed with lines', () => {
  const QUIET_MS = 300;
  const quiet = sharedServer({ args: ['--max-message-bytes', '64', '--quiet-period-ms', String(QUIET_MS)] });
  const model = { maxMessageBytes: 64 };

  it('every invalid class, ended by LF, CR LF, the quiet period and a half-close, at offset 0 and later', async () => {
    const endings: [string, (bytes: Buffer) => Scenario][] = [
      ['LF', (bytes) => ({ steps: [{ bytes: Buffer.concat([bytes, Buffer.from('\n')]), delayMs: 0 }, { pause: true }], halfClose: false })],
      ['CR LF', (bytes) => ({ steps: [{ bytes: Buffer.concat([bytes, Buffer.from('\r\n')]), delayMs: 0 }, { pause: true }], halfClose: false })],
      ['quiet period', (bytes) => ({ steps: [{ bytes, delayMs: 0 }, { pause: true }], halfClose: false })],
      ['half-close', (bytes) => ({ steps: [{ bytes, delayMs: 0 }], halfClose: true })],
      // The same, the last byte arriving on its own just before the half-close.
      ['split, half-close', (bytes) => ({ steps: [{ bytes: bytes.subarray(0, -1), delayMs: 5 }, { bytes: bytes.subarray(-1), delayMs: 0 }], halfClose: true })],
    ];
    const cases: Scenario[] = [];
    for (const invalid of INVALID_CLASSES) {
      for (const sample of INVALID_SAMPLES[invalid]) {
        for (const prefix of ['', 'héllo ']) {
          for (const [, end] of endings) cases.push(end(Buffer.concat([Buffer.from(prefix), sample])));
        }
      }
    }
    // 24 connections at a time, each a fresh one.
    for (let i = 0; i < cases.length; i += 24) {
      await Promise.all(cases.slice(i, i + 24).map((scenario) => check(quiet.current(), scenario, QUIET_MS, model)));
    }
    expect(cases.length).toBeGreaterThan(300);
    expect(classesSeen()).toEqual(INVALID_CLASSES);
  });

  it('48 random sessions of bursts and pauses (6 connections at a time), any chunking inside a burst', async () => {
    const scenarios = quietScenario({ maxMessages: 3, maxRun: 120, runWeight: 1, limit: 64, maxDelayMs: 2, maxBursts: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(scenarios, { minLength: 6, maxLength: 6 }), async (batch) => {
        await Promise.all(batch.map((scenario) => check(quiet.current(), scenario, QUIET_MS, model)));
      }),
      budget(8, 40),
    );
  });
});
