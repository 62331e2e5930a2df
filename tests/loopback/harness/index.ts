/**
 * Loopback harness: starts the REAL compiled server and client (dist/, built by
 * `npm run build`) as child processes on an ephemeral port, talks to them over raw
 * sockets, and cleans every process and socket up after each test, even on failure.
 *
 * Every child runs in an empty temporary directory with every setting variable removed
 * from its environment, so a developer's .env or shell cannot change the results. The one
 * exception is ACCELERATION, which each server gets from this test process: the vitest
 * project sets it, so the same suite runs against the plain server and the accelerated one.
 *
 * This index only gathers the pieces (one job a file, in this folder), so that the loopback
 * and hardening tests keep importing one harness: `from './harness'`.
 */
export { cleanEnv } from './clean-env';
export { onCleanup, useLoopbackHarness } from './cleanup';
export { describeRun, runClient } from './client-process';
export { LOG_LINE_START, enReply, idReply } from './expected-output';
export { inBatches } from './in-batches';
export { scratchDir, scratchFile, scratchSubdir } from './scratch';
export { ServerProcess } from './server-process';
export { runServerExpectingExit, sharedServer, spawnServer, startServer } from './start-server';
export { tinyServer } from './tiny-server';
export { WireClient } from './wire-client';
export { LAB_SESSION, LOOPBACK, ROOT } from '../../support/paths';
export { sleep } from '../../support/sleep';
