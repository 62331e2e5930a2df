/**
 * What a stage works with: connections to the server that record every step for the trace,
 * the seeded random source, the timing, and the rules for starting the server again.
 */
import { ConnectError } from '../probe/connection';
import { describeExit, type Target } from '../targets/target';
import type { SeededRandom } from './seeded-random';
import { StageFailure, TargetGone } from './stage';
import type { ProbeTiming } from './timing';
import { Probe } from './probe';

export interface StageContextOptions {
  stageId: string;
  target: Target;
  timing: ProbeTiming;
  random: SeededRandom;
  /** The checker's own lines to the person ("[checker] starting your server again …"). */
  notice: (line: string) => void;
  /** Every byte exchanged, escaped, when --verbose; null otherwise. */
  wire: ((line: string) => void) | null;
}

/** How many of the program's last output lines a crash trace shows. */
const CRASH_OUTPUT_LINES = 8;
/** How long a program that closed a client without a reply gets to show it was exiting anyway. */
const DYING_EXIT_WAIT_MS = 500;

export class StageContext {
  readonly steps: string[] = [];
  private readonly probes: Probe[] = [];
  private opened = 0;

  constructor(readonly options: StageContextOptions) {}

  get random(): SeededRandom {
    return this.options.random;
  }

  get timing(): ProbeTiming {
    return this.options.timing;
  }

  get target(): Target {
    return this.options.target;
  }

  step(text: string): void {
    this.steps.push(text);
  }

  /**
   * Connects a new client. With `sameProcess`, the stage needs the process that served its
   * earlier clients, so a program that has exited fails instead of being started again.
   */
  async open(options: { sameProcess?: boolean; label?: string } = {}): Promise<Probe> {
    const { target } = this;
    const mayRestart = target.restartable && !(options.sameProcess && this.opened > 0);
    await this.startIfNeeded(mayRestart);
    let connection;
    try {
      connection = await target.network.connect(target.host, target.port, this.timing.replyTimeoutMs);
    } catch (error) {
      if (!(error instanceof ConnectError)) throw error;
      if (!target.restartable) {
        throw new TargetGone(`a server accepting connections on ${target.host}:${target.port}`, `${describeConnectFailure(error)}: is your server running there?`);
      }
      if (error.reason !== 'refused') throw this.notAccepting(error);
      // The program closed its listening socket: it is on its way out (a one-client server) or stuck.
      await target.waitForExit(1000);
      await this.startIfNeeded(mayRestart);
      connection = await target.network.connect(target.host, target.port, this.timing.replyTimeoutMs).catch((again: unknown) => {
        throw again instanceof ConnectError ? this.notAccepting(again) : again;
      });
    }
    this.opened++;
    const label = options.label ?? `client ${this.opened}`;
    this.step(`${label}: connected to ${target.host}:${target.port}`);
    const probe = new Probe(connection, label, this);
    this.probes.push(probe);
    return probe;
  }

  private notAccepting(error: ConnectError): StageFailure {
    const busy = error.reason === 'timeout' ? ' (a listen() backlog fills up while the server is busy with an earlier client and does not call accept())' : '';
    return new StageFailure(`your server to accept a connection on port ${this.target.port}`, `${describeConnectFailure(error)} while it is still running${busy}`, {}, this.outputNotes());
  }

  /**
   * Runs one client's exchange. A one-client program can still list its listening socket
   * while it exits after its previous client; a client that connects then lands in the
   * backlog of a dying process and is closed with no reply. When the program then exits with
   * code 0 (no crash), it is started again and the exchange runs once more, saying so.
   */
  async exchange(run: () => Promise<void>, options: { sameProcess?: boolean } = {}): Promise<void> {
    const mayRestart = this.target.restartable && !(options.sameProcess && this.opened > 0);
    try {
      await run();
    } catch (error) {
      if (!(error instanceof StageFailure) || !error.endedWithoutReply || !mayRestart) throw error;
      const exit = await this.target.waitForExit(DYING_EXIT_WAIT_MS);
      if (exit?.code !== 0) throw error;
      this.options.notice(`your server was exiting when the client connected (it had served its previous client); starting it again and repeating that client for stage ${this.options.stageId}`);
      this.step('that client reached a server on its way out: starting it again and repeating the client');
      await run();
    }
  }

  /** The program's exit and last output, for a trace, once it has exited; nothing otherwise. */
  outputNotes(): string[] {
    const exit = this.target.exitStatus();
    if (!exit) return [];
    const output = this.target.lastOutput(CRASH_OUTPUT_LINES);
    return [`your server ${describeExit(exit)}${output.length > 0 ? '; its last output:' : ' with no output'}`, ...output.map((line) => `  [your_server] ${line}`)];
  }

  /** Ends every connection this stage opened, with a reset (no TIME_WAIT on the server's port). */
  async closeAll(): Promise<void> {
    await Promise.all(this.probes.map((probe) => probe.close()));
  }

  private async startIfNeeded(mayRestart: boolean): Promise<void> {
    const { target } = this;
    for (let attempt = 0; ; attempt++) {
      const exit = target.exitStatus();
      if (exit && !mayRestart) {
        throw new StageFailure(
          'the same server process to keep serving clients',
          `your server ${describeExit(exit)} after ${this.opened === 1 ? 'its first client' : `${this.opened} clients`}`,
          {},
          this.outputNotes(),
        );
      }
      if (exit) this.options.notice(`your server ${describeExit(exit)}; starting it again for stage ${this.options.stageId}`);
      const started = await target.ensureRunning();
      if (started.ok) return;
      // Exited while being waited for: the next turn starts it again, or fails for a same-process stage.
      if (attempt > 0 || !target.exitStatus()) throw new StageFailure(`your server to listen on port ${target.port}`, started.reason, {}, this.outputNotes());
    }
  }
}

function describeConnectFailure(error: ConnectError): string {
  switch (error.reason) {
    case 'refused':
      return 'the connection was refused (nothing listens on the port)';
    case 'timeout':
      return 'the connection attempt got no answer';
    case 'reset':
      return 'the connection was reset while connecting';
    case 'unreachable':
      return `the connection failed (${error.message})`;
  }
}
