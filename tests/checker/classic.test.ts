/**
 * The classic program (lab-notes/classic/classic_server.py: one client, one recv(1024), strict
 * decoding, no SO_REUSEADDR) fails the stages the analysis guide says it fails, and only
 * those, every time: it exits after each client, so the checker restarts it before nearly
 * every connection, on the same port, three checks in a row.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CLASSIC_SERVER, describeCheckerRun, parseReport, pythonServer, runChecker, stagesWith, stopCheckers, timeWaitNotice } from './support/checker-run';
import { quietPort } from './support/ports';

afterAll(stopCheckers);

const CLASSIC_FAILS = ['second-client', 'long-message', 'split-character', 'concurrent-clients', 'invalid-utf8'];
const CLASSIC_PASSES = ['listen', 'reply-text', 'count-unicode'];
const RUNS = 3;
/** A run takes about 6 s; one that had to wait out TIME_WAIT would take over 60 s. */
const RUN_LIMIT_MS = 20_000;
/** Room for one run that hit the race and waited out TIME_WAIT (65 s at most). */
const TEST_LIMIT_MS = RUNS * RUN_LIMIT_MS + 65_000;

describe('the classic program', () => {
  it(
    `fails exactly ${CLASSIC_FAILS.join(', ')} and passes ${CLASSIC_PASSES.join(', ')}, the same in ${RUNS} runs on one port`,
    async () => {
      const port = await quietPort();
      for (let n = 1; n <= RUNS; n++) {
        const run = await runChecker(['--port', String(port), '--format', 'json', '--', ...pythonServer(CLASSIC_SERVER)]);
        const report = parseReport(run);
        const context = `run ${n}: ${describeCheckerRun(run)}`;
        expect({ passed: stagesWith(report, 'passed'), failed: stagesWith(report, 'failed') }, context).toEqual({ passed: CLASSIC_PASSES, failed: CLASSIC_FAILS });
        expect(run.code, context).toBe(1);
        // Each restart binds at once: the checker's connections leave no TIME_WAIT on the port.
        const waited = timeWaitNotice(run);
        if (waited === null) expect(run.durationMs, context).toBeLessThan(RUN_LIMIT_MS);
        else console.warn(`run ${n} hit the TIME_WAIT race and still gave the same result, in ${(run.durationMs / 1000).toFixed(1)} s: ${waited}`);
      }
    },
    TEST_LIMIT_MS,
  );
});
