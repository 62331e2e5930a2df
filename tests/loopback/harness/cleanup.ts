/**
 * Everything a test starts is stopped after it, pass or fail: the other harness files
 * register their children, sockets and servers here, and useLoopbackHarness() stops them.
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { afterAll, afterEach } from 'vitest';
import { removeScratchDir } from './scratch';
import type { ServerProcess } from './server-process';

// For the harness's own files; the index does not export these.
export const liveChildren = new Set<ChildProcess>();
export const liveSockets = new Set<Socket>();
export const liveServers = new Set<ServerProcess>();
/** Servers started in beforeAll by sharedServer(); stopped after the file. */
export const sharedServers = new Set<ServerProcess>();
const cleanups = new Set<() => Promise<void> | void>();

/** Runs `fn` after the current test. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.add(fn);
}

async function cleanupAll(): Promise<void> {
  for (const socket of liveSockets) socket.destroy();
  liveSockets.clear();
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    await fn();
  }
  await Promise.all([...liveServers].map((server) => server.stop()));
  for (const child of liveChildren) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  liveChildren.clear();
}

/**
 * Call once at the top of a test file: stops every server, client and socket a test
 * started after it, prints the servers' logs when a test fails, and removes the scratch
 * directory at the end.
 */
export function useLoopbackHarness(): void {
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const server of [...liveServers, ...sharedServers]) process.stderr.write(server.describeForFailure());
    }
    await cleanupAll();
  });
  afterAll(async () => {
    await cleanupAll();
    await Promise.all([...sharedServers].map((server) => server.stop()));
    sharedServers.clear();
    removeScratchDir();
  });
}

// Last resort: if the test process itself goes away, take every child with it.
process.once('exit', () => {
  for (const server of [...liveServers, ...sharedServers]) server.child.kill('SIGKILL');
  for (const child of liveChildren) child.kill('SIGKILL');
});
