/** The servers under test: how to build, start, watch (/proc) and stop each of them. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { freePort } from '../../tests/support/free-port';
import { compileC } from './c-build';
import { CpuBudget } from './cpu-budget';
import { ACCELERATION, type PeerId } from './peer-labels';

export const ROOT = resolve(__dirname, '..', '..');
const PEERS_DIR = join(ROOT, 'bench', 'peers');

export type { PeerId } from './peer-labels';

export interface StartOptions {
  /** Extra settings for our server: the scenario's needs (message limit, connection limit). */
  maxMessageBytes?: number;
  maxConnections?: number;
  /** Quiet period for every peer (default 150 ms; 0 = strict line mode). */
  quietPeriodMs?: number;
  /** Pin to this CPU with taskset, when set. */
  cpu?: number;
  /** Instead of `cpu`: each server process on its own CPU of `cpus`, held to `share` of it (see cpu-budget.ts). */
  cpuShare?: { share: number; cpus: number[] };
  /** Extra node flags for our server (--profile passes --cpu-prof here). */
  nodeFlags?: string[];
  /** Run the server under `perf stat -I 100` counting these events into this file (see syscalls.ts). */
  perf?: { events: string[]; output: string };
}

export class PeerCommands {
  readonly cBinary: string | null;
  readonly cNote: string | undefined;
  readonly pythonNote: string | undefined;

  /** The compiled server to run as "ours" and "ours-on" (default dist/server/main.js; --ours-main picks another build for an A/B comparison). */
  oursMain = join(ROOT, 'dist', 'server', 'main.js');
  /** Server processes for "ours-on" (--ours-workers, to measure the WORKERS setting; the plain server has one). */
  oursWorkers = 1;

  constructor(buildDir: string) {
    const compiled = compileC(join(PEERS_DIR, 'epoll-server.c'), buildDir, 'epoll-server', 'the C epoll peer (and the raw loopback sink)');
    this.cBinary = 'binary' in compiled ? compiled.binary : null;
    this.cNote = 'unavailable' in compiled ? `${compiled.unavailable}; ratios to C cannot be computed` : undefined;
    const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    this.pythonNote = python.status === 0 ? undefined : 'python3 not found: the Python asyncio peer is skipped';
  }

  available(id: PeerId): string | undefined {
    if (id === 'c' || id === 'sink') return this.cBinary === null ? this.cNote : undefined;
    if (id === 'python') return this.pythonNote;
    if (id in ACCELERATION && !existsSync(this.oursMain)) return `${this.oursMain} missing: run npm run build`;
    return undefined;
  }

  /** Server processes the peer runs (cluster workers; the primary of a cluster does not serve). */
  serverProcesses(id: PeerId): number {
    return id === 'ours-2w' ? 2 : id === 'ours-on' ? this.oursWorkers : 1;
  }

  command(id: PeerId, port: number, options: StartOptions): string[] {
    const p = String(port);
    const quiet = String(options.quietPeriodMs ?? 150);
    switch (id) {
      case 'ours':
      case 'ours-on':
      case 'ours-2w':
        return [
          process.execPath,
          ...(options.nodeFlags ?? []),
          this.oursMain,
          '--port', p,
          '--host', '127.0.0.1',
          '--log-level', 'warn',
          '--language', 'id',
          '--reply-format', 'text',
          '--quiet-period-ms', quiet,
          '--max-message-bytes', String(options.maxMessageBytes ?? 16 * 1024 * 1024),
          '--max-connections', String(options.maxConnections ?? 1000),
          '--workers', String(this.serverProcesses(id)),
        ];
      case 'c':
        return [this.cBinary!, '--port', p, '--quiet-period-ms', quiet];
      case 'sink':
        return [this.cBinary!, '--port', p, '--sink'];
      case 'python':
        return ['python3', join(PEERS_DIR, 'asyncio-server.py'), '--port', p, '--quiet-period-ms', quiet];
      case 'naive':
        return [process.execPath, join(PEERS_DIR, 'naive-server.mjs'), '--port', p, '--quiet-period-ms', quiet];
      case 'naive-nodelay':
        return [process.execPath, join(PEERS_DIR, 'naive-server.mjs'), '--port', p, '--quiet-period-ms', quiet, '--no-delay'];
    }
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 500);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Servers still running: killed when the bench exits, however it exits (they run in their own process groups). */
const live = new Set<RunningPeer>();
process.on('exit', () => {
  for (const peer of live) {
    try {
      process.kill(-peer.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A running server process. */
export class RunningPeer {
  private exited = false;
  /** Set when the peer's processes are held to a CPU share. */
  cpuBudget: CpuBudget | undefined;
  private stderr = '';
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  readonly spawnedAt = performance.now();

  constructor(
    readonly id: PeerId,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    child.stderr?.on('data', (data: Buffer) => {
      if (this.stderr.length < 4000) this.stderr += data.toString('utf8');
    });
    child.stdout?.resume();
    live.add(this);
    child.on('exit', (code, signal) => {
      live.delete(this);
      this.exited = true;
      this.exitCode = code;
      this.exitSignal = signal;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return !this.exited;
  }

  get errorOutput(): string {
    return this.stderr.trim();
  }

  /** Why the process is gone, for the report. */
  describeExit(): string {
    const how = this.exitSignal ? `killed by ${this.exitSignal}` : `exited with code ${this.exitCode}`;
    const last = this.errorOutput.split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ');
    return last ? `${how}: ${last.slice(0, 300)}` : how;
  }

  /** Signals the process group this process leads (the server, or perf and the server under it). */
  private signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      this.child.kill(signal);
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.signal('SIGTERM');
    await Promise.race([gone, sleep(3000)]);
    if (!this.exited) {
      this.signal('SIGKILL');
      await Promise.race([gone, sleep(2000)]);
    }
    await this.cpuBudget?.release();
  }
}

/** Starts a peer on a free port and waits until it accepts connections. */
export async function startPeer(commands: PeerCommands, id: PeerId, options: StartOptions): Promise<RunningPeer> {
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    let argv = commands.command(id, port, options);
    if (options.perf) argv = ['perf', 'stat', '-x,', '-I', '100', '-o', options.perf.output, '-e', options.perf.events.join(','), '--', ...argv];
    if (options.cpu !== undefined) argv = ['taskset', '-c', String(options.cpu), ...argv];
    // Its own process group, so that stopping it also stops what perf started.
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: peerEnvironment(id), detached: true });
    const peer = new RunningPeer(id, port, child);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && peer.alive) {
      if (await canConnect(port)) {
        if (options.cpuShare) {
          try {
            peer.cpuBudget = await CpuBudget.apply(peer.pid, commands.serverProcesses(id), port, options.cpuShare.share, options.cpuShare.cpus);
          } catch (error) {
            await peer.stop();
            throw new Error(`cannot hold ${id} to a CPU share: ${(error as Error).message}`, { cause: error });
          }
        }
        await sleep(50);
        return peer;
      }
      await sleep(25);
    }
    lastError = peer.alive ? 'did not accept connections within 15 s' : peer.describeExit();
    await peer.stop();
  }
  throw new Error(`cannot start ${id}: ${lastError}`);
}

/** A clean environment: the settings come from flags, and no .env or LOG_LEVEL from the shell changes them. */
function peerEnvironment(id: PeerId): NodeJS.ProcessEnv {
  // One server process, like every peer, unless --ours-workers asks for more (the flag wins over this).
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', WORKERS: '1' };
  // charcount-server's mode, as a user sets it (server/config.ts reads ACCELERATION).
  const acceleration = ACCELERATION[id];
  if (acceleration !== undefined) env.ACCELERATION = acceleration;
  return env;
}

export function toolVersion(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return (result.stdout || result.stderr).split('\n')[0].trim();
}

export type { ChildProcess };
