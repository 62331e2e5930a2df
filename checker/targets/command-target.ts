/**
 * `charcount-check -- COMMAND ARGS`: the checker starts the student's program itself, in its
 * own process group (so a shell script's children go too), gives it PORT, shows its output
 * prefixed [your_server], and starts it again when a stage finds it has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describePortHolders } from '../../server/port-holders';
import type { Language } from '../../language';
import { START_TEXTS } from '../messages/start-texts';
import { canSendSigterm, listeningSockets, listenerIsStartedBy, spawnOwnGroup, stopProcessTree } from '../../host-os';
import { createLocalNetwork } from '../probe/local-network';
import { waitOutClosingConnections } from './closing-connections';
import { ProgramOutput } from './program-output';
import { probeAddress } from './probe-address';
import { readTheKeyboard } from './reads-keyboard';
import { describeExit, type Notice, type ProgramExit, type StartResult, type Target } from './target';

export interface CommandTargetOptions {
  command: readonly string[];
  port: number;
  startTimeoutMs: number;
  notice: Notice;
  /** A line of the program's output, already escaped, for the live [your_server] lines. */
  onOutput: (line: string) => void;
  shownOutputLines: number;
  /** The language of the reasons a start failed (English unless given). */
  language?: Language;
}


/** How often readiness is looked up while a program starts: a restart is ready this much sooner on average (a /proc read costs well under 1 ms). */
const POLL_MS = 5;
/** The kernel keeps TIME_WAIT for 60 s; a little more covers timer granularity. */
const TIME_WAIT_LIMIT_MS = 65_000;
const STOP_GRACE_MS = 1000;
const STOPPED_LISTENING_WAIT_MS = 1000;
/** Where listening sockets cannot be listed: how long a program must have run to be taken as listening. */
const UNLISTED_READY_MS = 1000;

export function createCommandTarget(options: CommandTargetOptions): Target {
  const network = createLocalNetwork();
  const output = new ProgramOutput({ shownLines: options.shownOutputLines }, options.onOutput, options.notice, options.language ?? 'en');
  let child: ChildProcess | null = null;
  let exit: ProgramExit | null = null;
  let exited: Promise<ProgramExit> = Promise.resolve({ code: null, signal: null });
  let spawnError: string | null = null;
  /** Whether the running program has been seen listening. */
  let hasListened = false;
  /** Where the probes connect: see probeAddress. */
  let host = 'localhost';
  const language = options.language ?? 'en';
  const say = START_TEXTS[language];

  function start(): void {
    exit = null;
    hasListened = false;
    output.restart();
    spawnError = null;
    const [file, ...args] = options.command;
    const started = spawn(file, args, { ...spawnOwnGroup, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(options.port), PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8' } });
    child = started;
    const stdout = output.stream();
    const stderr = output.stream('stderr');
    started.stdout?.on('data', stdout.write);
    started.stderr?.on('data', stderr.write);
    exited = new Promise((resolve) => {
      started.once('error', (error: NodeJS.ErrnoException) => {
        spawnError = error.code === 'ENOENT' ? say.noSuchCommand({ file }) : say.cannotStart({ file, error: error.message });
        exit = { code: null, signal: null };
        resolve(exit);
      });
      started.once('close', (code, signal) => {
        stdout.flush();
        stderr.flush();
        exit = { code, signal };
        resolve(exit);
      });
    });
  }

  /**
   * Waits until the port listens, or the program exits, or the start time runs out. A
   * program that listened and then closed its listening socket gets a second only: it is
   * on its way out (a one-client server) or will never listen again.
   */
  async function waitUntilListening(): Promise<StartResult> {
    const startedAt = performance.now();
    const deadline = startedAt + (hasListened ? STOPPED_LISTENING_WAIT_MS : options.startTimeoutMs);
    let foreignListener = false;
    while (performance.now() < deadline) {
      if (exit) {
        if (spawnError) return { ok: false, reason: spawnError };
        if (hasListened) return { ok: false, reason: say.closedListeningAndExited({ exit: describeExit(exit, language) }) };
        if (readTheKeyboard(output)) return { ok: false, reason: say.readsKeyboard({ port: options.port }) };
        return { ok: false, reason: say.exitedBeforeListening({ exit: describeExit(exit, language), lastWords: output.lastWords() }) };
      }
      const listening = await listeningSockets(options.port);
      // Where sockets cannot be listed (Wine's netstat lists none), a program that has run for a
      // second is taken as ready; within the shorter wait after a refused client, for half of it.
      const unlistedReadyMs = Math.min(UNLISTED_READY_MS, (deadline - startedAt) / 2);
      if (listening !== null && listening.length > 0 && (await someoneElseListens())) {
        foreignListener = true;
      } else if ((listening !== null && listening.length > 0) || (listening === null && performance.now() - startedAt >= unlistedReadyMs)) {
        host = probeAddress(listening ?? []);
        hasListened = true;
        return { ok: true };
      }
      await sleep(POLL_MS);
    }
    if (foreignListener) {
      // Still running, and the port listened from another program all along: judge what listens.
      hasListened = true;
      return { ok: true };
    }
    if (hasListened) return { ok: false, reason: say.closedListeningStillRunning({ port: options.port }) };
    return { ok: false, reason: say.nothingListened({ port: options.port, seconds: options.startTimeoutMs / 1000 }) };
  }

  /**
   * Whether the socket listening on the port is another program's, not the one just started:
   * a second copy of the student's server, started by hand while the first was being checked,
   * takes the port when the checker restarts its own, which then dies of "address in use".
   * That one must be judged by its own exit, not the other copy's replies. False where the
   * platform cannot tell (host-os listenerIsStartedBy).
   */
  async function someoneElseListens(): Promise<boolean> {
    if (child?.pid === undefined) return false;
    return (await listenerIsStartedBy(options.port, child.pid)) === false;
  }

  async function startAndWait(): Promise<StartResult> {
    const timeWaitDeadline = performance.now() + TIME_WAIT_LIMIT_MS;
    for (;;) {
      start();
      const result = await waitUntilListening();
      if (result.ok || !exit) {
        if (!result.ok) await stopProgram();
        return result;
      }
      // A bind failure over TIME_WAIT left by earlier connections is not the student's fault: wait it out.
      if (!(await waitOutClosingConnections(await describePortHolders(options.port), options.port, timeWaitDeadline, options.notice, language))) return result;
    }
  }

  async function stopProgram(): Promise<void> {
    if (!child || exit) return;
    stopProcessTree(child, 'gently');
    const stopped = await Promise.race([exited, sleep(STOP_GRACE_MS).then(() => null)]);
    if (!stopped) {
      stopProcessTree(child, 'now');
      await exited;
    }
  }

  return {
    description: options.command.map(shellWord).join(' '),
    get host() {
      return host;
    },
    port: options.port,
    network,
    restartable: true,
    signalable: canSendSigterm,
    async ensureRunning() {
      if (child && !exit) return waitUntilListening();
      if (!child && (await network.isListening(options.port))) {
        return { ok: false, reason: say.portInUse({ port: options.port }) };
      }
      return startAndWait();
    },
    exitStatus: () => exit,
    async waitForExit(timeoutMs) {
      if (!child) return null;
      return Promise.race([exited, sleep(timeoutMs).then(() => exit)]);
    },
    lastOutput: (lines) => output.last(lines),
    watchOutput: (listener) => output.watch(listener),
    async terminate() {
      if (child && !exit) stopProcessTree(child, 'gently');
    },
    async dispose() {
      await network.close();
      await stopProgram();
    },
  };
}

/** A command's word as a shell would need it written, so the report's header reads unambiguously. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
