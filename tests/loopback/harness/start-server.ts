/** Starting the compiled server: spawned on an ephemeral loopback port, waited for until it listens, or shared by a file's tests. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll } from 'vitest';
import { freePort } from '../../support/free-port';
import { serverEnvironment } from '../../support/lab-settings';
import { waitUntilAccepting } from '../../support/wait-until-accepting';
import { liveServers, sharedServers } from './cleanup';
import { LOOPBACK, SERVER_JS } from '../../support/paths';
import { scratchDir } from './scratch';
import { ServerProcess, type Exit } from './server-process';

export interface ServerOptions {
  /** Extra command-line flags (the harness adds --port 0 and --host 127.0.0.1 unless given). */
  args?: string[];
  /** Extra environment variables (on top of a clean environment). */
  env?: Record<string, string>;
  /** Bind address; null to pass no --host at all (the default: all interfaces). */
  host?: string | null;
  /** Default 0 (ephemeral); null to pass no --port at all (to test PORT from the environment). */
  port?: number | null;
  /** Working directory (where the server looks for .env); default the empty scratch directory. */
  cwd?: string;
  /** Kept alive for the whole file instead of being stopped after each test. */
  shared?: boolean;
  startTimeoutMs?: number;
}

/** A server started once in beforeAll for every test of a describe block (default settings unless given). */
export function sharedServer(options: ServerOptions = {}): { current: () => ServerProcess } {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServer({ ...options, shared: true });
  });
  return {
    current: () => {
      if (server === undefined) throw new Error('shared server not started');
      return server;
    },
  };
}

/** The port from the startup line, text ("listening on port N (...)" or "listening on 127.0.0.1:N;") or json. */
function listeningPort(line: string): number | undefined {
  if (line.startsWith('{')) {
    try {
      const entry = JSON.parse(line) as { event?: string; port?: number };
      return entry.event === 'listening' ? entry.port : undefined;
    } catch {
      return undefined;
    }
  }
  const match = /charcount-server listening on (?:port (\d+)|\S*:(\d+);)/.exec(line);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

/**
 * Spawns the compiled server and resolves once it listens: from its startup line, or,
 * when a quieter --log-level hides that line, by connecting to a port chosen beforehand.
 */
export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const args = options.args ?? [];
  const level = args[args.indexOf('--log-level') + 1];
  const silentStartup = args.includes('--log-level') && (level === 'warn' || level === 'error');
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  if (silentStartup) {
    const port = options.port ?? (await freePort());
    if (port === 0) throw new Error('a server with a quiet --log-level needs a known port');
    const server = spawnServer({ ...options, port });
    const readiness = await waitUntilAccepting(LOOPBACK, port, startTimeoutMs, () => server.exit !== undefined);
    if (readiness === 'exited') throw new Error(`server exited before listening\n${server.describeForFailure()}`);
    if (readiness === 'timed out') throw new Error(`server not accepting on port ${port} within ${startTimeoutMs} ms\n${server.describeForFailure()}`);
    server.port = port;
    return server;
  }
  const server = spawnServer(options);
  const line = await server.waitForLine((l) => listeningPort(l) !== undefined, startTimeoutMs);
  server.port = listeningPort(line)!;
  return server;
}

/** Spawns the compiled server without waiting for anything (for startup failures). */
export function spawnServer(options: ServerOptions = {}): ServerProcess {
  if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run npm run build first`);
  const args = [...(options.args ?? [])];
  if (!args.includes('--port') && options.port !== null) args.push('--port', String(options.port ?? 0));
  const host = options.host === undefined ? LOOPBACK : options.host;
  if (host !== null && !args.includes('--host')) args.push('--host', host);
  const child = spawn(process.execPath, [SERVER_JS, ...args], {
    cwd: options.cwd ?? scratchDir(),
    env: { ...serverEnvironment(process.env), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new ServerProcess(child, args, options.shared === true);
  if (options.shared) sharedServers.add(server);
  else liveServers.add(server);
  return server;
}

/** Runs the server with arguments that make it exit at once (bad settings); resolves with its exit and output. */
export async function runServerExpectingExit(options: ServerOptions, timeoutMs = 10_000): Promise<{ exit: Exit; stdout: string; stderr: string }> {
  const server = spawnServer(options);
  const exit = await server.waitForExit(timeoutMs);
  return { exit, stdout: server.stdoutText, stderr: server.stderrText };
}
