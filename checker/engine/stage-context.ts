/**
 * What a stage works with: connections to the server that record every step for the trace,
 * the seeded random source, the timing, and the rules for starting the server again.
 */
import type { Language } from '../../language';
import { ConnectError } from '../probe/connection';
import { ProbeAgentMismatch } from '../probe/remote-network';
import { describeExit, type ProgramExit, type Target } from '../targets/target';
import { TRACE_TEXTS } from '../messages/trace-texts';
import type { RecordEvent } from '../model';
import { ENGINE_TEXTS } from './engine-texts';
import type { SeededRandom } from './seeded-random';
import { StageFailure, TargetGone } from './stage';
import type { ProbeTiming } from './timing';
import { Probe } from './probe';
import type { ReplyHabit } from './reply-habit';

export interface StageContextOptions {
  stageId: string;
  /** The language of the stage's steps and failures. */
  language: Language;
  /** The reply reply-text demands, {n} for the count. */
  expectedReply: string;
  target: Target;
  timing: ProbeTiming;
  random: SeededRandom;
  /** When the server answers a message, learned across the whole check. */
  replyHabit: ReplyHabit;
  /** The checker's own lines to the person ("[checker] starting your server again …"). */
  notice: (line: string) => void;
  /** Every byte exchanged, escaped, when --verbose; null otherwise. */
  wire: ((line: string) => void) | null;
}

/** How many of the program's last output lines a crash trace shows. */
const CRASH_OUTPUT_LINES = 8;
/** A pause inside a message this many times its bound was the checker's own delay (a busy machine). */
const PAUSE_OVERRUN_FACTOR = 2;
/** How often an exchange is repeated because the checker's own pause ran long. */
const PAUSE_REPEATS = 2;
/** How long a program that closed a client without a reply gets to show it was exiting anyway. */
const DYING_EXIT_WAIT_MS = 500;
/** The program's output lines a stage's record keeps: a program that prints without end must not bloat the report (the last lines are in lastOutput). */
const RECORDED_OUTPUT_LINES = 40;

/** A record event without its time: StageContext.event adds it. */
export type RecordEventData = RecordEvent extends infer E ? (E extends RecordEvent ? Omit<E, 'at'> : never) : never;

export class StageContext {
  readonly steps: string[] = [];
  /** Everything that happened in the stage, in order (StageResult.record). */
  readonly record: RecordEvent[] = [];
  private readonly startedAt = performance.now();
  private readonly probes: Probe[] = [];
  private opened = 0;
  /** The checker reset a connection the server still had open (it ignored the FIN past the grace time). */
  private resetOpen = false;
  /** The longest pause inside a message that ran past its bound since the last exchange began, or null. */
  private pauseOverranMs: number | null = null;
  private outputRecorded = 0;
  /** Stops recording the program's output (at the end of the stage). */
  private readonly stopWatchingOutput: () => void;

  constructor(readonly options: StageContextOptions) {
    // Each line the program prints during the stage, with its time, up to RECORDED_OUTPUT_LINES.
    this.stopWatchingOutput = options.target.watchOutput((line) => {
      if (this.outputRecorded++ < RECORDED_OUTPUT_LINES) this.event({ kind: 'program-output', line });
    });
  }

  get random(): SeededRandom {
    return this.options.random;
  }

  /** The reply reply-text demands for a message of `chars` code points. */
  expectedReplyFor(chars: number): string {
    return this.options.expectedReply.split('{n}').join(String(chars));
  }

  get timing(): ProbeTiming {
    return this.options.timing;
  }

  get target(): Target {
    return this.options.target;
  }

  get language(): Language {
    return this.options.language;
  }

  get replyHabit(): ReplyHabit {
    return this.options.replyHabit;
  }

  /** The engine's texts in the stage's language. */
  get say(): (typeof ENGINE_TEXTS)['en'] {
    return ENGINE_TEXTS[this.options.language];
  }

  /** The trace's texts in the stage's language. */
  get trace(): (typeof TRACE_TEXTS)['en'] {
    return TRACE_TEXTS[this.options.language];
  }

  /** How the trace names a program's exit ("exited with code 1"), in the stage's language. */
  describeExit(exit: ProgramExit): string {
    return describeExit(exit, this.options.language);
  }

  step(text: string): void {
    this.steps.push(text);
    this.event({ kind: 'step', text });
  }

  /** Adds an event to the record, `at` ms after the stage began. */
  event(data: RecordEventData): void {
    this.record.push({ at: Math.round(performance.now() - this.startedAt), ...data } as RecordEvent);
  }

  /** An event that happened at `time` (performance.now()), already past: placed in the record in time order. */
  eventAt(time: number, data: RecordEventData): void {
    const at = Math.max(0, Math.round(time - this.startedAt));
    let index = this.record.length;
    while (index > 0 && this.record[index - 1]!.at > at) index--;
    this.record.splice(index, 0, { at, ...data } as RecordEvent);
  }

  /**
   * The time between two writes of one message, as it was: on a busy machine the checker's own
   * pause can run past the bound lab-notes/checker.md promises, and a failure after that is the
   * checker's, not the server's (StageContext.exchange repeats the client).
   */
  notePause(ms: number): void {
    if (ms > this.timing.maxPauseInMessageMs * PAUSE_OVERRUN_FACTOR) this.pauseOverranMs = Math.max(this.pauseOverranMs ?? 0, ms);
  }

  /** A probe reset a connection the server still had open: should the program die now, that was the checker. */
  checkerResetOpenConnection(): void {
    this.resetOpen = true;
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
      if (error instanceof ProbeAgentMismatch) {
        throw new TargetGone(this.say.probeImageExpected(), this.say.probeImageMismatch({ agent: error.agentVersion, checker: error.checkerVersion }));
      }
      if (!(error instanceof ConnectError)) throw error;
      this.event({ kind: 'connect-failed', client: options.label ?? `client ${this.opened + 1}`, reason: error.reason });
      if (!target.restartable) {
        throw new TargetGone(this.say.expectedServerAt({ address: `${target.host}:${target.port}` }), this.say.gotNoServerThere({ failure: this.describeConnectFailure(error) }));
      }
      // Refused, or reset as it opened (it landed in the backlog of a listening socket that then
      // closed): the program closed its listening socket, on its way out (a one-client server) or stuck.
      if (error.reason !== 'refused' && error.reason !== 'reset') throw this.notAccepting(error);
      // One that still serves a client this stage keeps open cannot be on its way out yet
      // (concurrent-clients): waiting for its exit would only cost a second.
      if (mayRestart || this.resetOpen || !this.probes.some((probe) => probe.held)) await target.waitForExit(1000);
      await this.startIfNeeded(mayRestart);
      connection = await target.network.connect(target.host, target.port, this.timing.replyTimeoutMs).catch((again: unknown) => {
        throw again instanceof ConnectError ? this.notAccepting(again) : again;
      });
    }
    this.opened++;
    const label = options.label ?? `client ${this.opened}`;
    this.event({ kind: 'connect', client: label, address: `${target.host}:${target.port}` });
    this.step(this.trace.connected({ client: label, address: `${target.host}:${target.port}` }));
    const probe = new Probe(connection, label, this);
    this.probes.push(probe);
    return probe;
  }

  private notAccepting(error: ConnectError): StageFailure {
    const got = this.say.gotNotAccepting({ failure: this.describeConnectFailure(error), busy: error.reason === 'timeout' });
    return new StageFailure(this.say.expectedAccept({ port: this.target.port }), got, {}, this.outputNotes());
  }

  /**
   * Runs one client's exchange. A program can still list its listening socket while it exits
   * after its previous client (a one-client server, or one that dies when a client closes); a
   * client that connects then lands in the backlog of a dying process and is closed with no
   * reply. Where the stage does not need the same process, the program is started again and the
   * exchange runs once more on the fresh process, saying so; a second failure stands.
   */
  async exchange(run: () => Promise<void>, options: { sameProcess?: boolean } = {}): Promise<void> {
    const mayRestart = this.target.restartable && !(options.sameProcess && this.opened > 0);
    try {
      await this.withinPauses(run);
    } catch (error) {
      if (!(error instanceof StageFailure) || !error.endedWithoutReply || !mayRestart) throw error;
      const exit = await this.target.waitForExit(DYING_EXIT_WAIT_MS);
      if (exit === null) throw error;
      const exitText = this.describeExit(exit);
      this.options.notice(this.say.exitedWithoutReplyNotice({ exit: exitText, stage: this.options.stageId }));
      this.step(this.say.exitedWithoutReplyStep({ exit: exitText }));
      await this.withinPauses(run);
    }
  }

  /** Runs an exchange; one that failed after the checker's own pause ran past its bound runs again (twice at most), saying so. */
  private async withinPauses(run: () => Promise<void>): Promise<void> {
    for (let repeat = 0; ; repeat++) {
      this.pauseOverranMs = null;
      try {
        await run();
        return;
      } catch (error) {
        const overran = this.pauseOverranMs;
        if (!(error instanceof StageFailure) || overran === null || repeat >= PAUSE_REPEATS) throw error;
        const text = this.say.pauseOverran({ ms: Math.round(overran), boundMs: this.timing.maxPauseInMessageMs });
        this.options.notice(text);
        this.step(text);
      }
    }
  }

  /** Each client sends its message in one write, all in the same tick (ProbeNetwork.writeTogether). */
  async sendTogether(sends: ReadonlyArray<{ client: Probe; message: string }>): Promise<void> {
    const writes = sends.map(({ client, message }) => client.togetherWrite(message, sends.length));
    const network = this.target.network;
    try {
      if (network.writeTogether) await network.writeTogether(writes);
      else await Promise.all(writes.map(({ connection, bytes }) => connection.write(bytes)));
    } catch (error) {
      throw new StageFailure(this.trace.expectedToSendTogether({ messages: sends.length }), this.trace.gotError({ error }), {}, this.outputNotes());
    }
  }

  /** The program's exit and last output, for a trace, once it has exited; nothing otherwise. */
  outputNotes(): string[] {
    const exit = this.target.exitStatus();
    if (!exit) return [];
    this.recordExit(exit);
    const output = this.target.lastOutput(CRASH_OUTPUT_LINES);
    return [this.say.exitAndOutput({ exit: this.describeExit(exit), lines: output.length }), ...output.map((line) => `  [your_server] ${line}`)];
  }

  /** The program's exit, once in the record per run of the program (when the checker first sees it). */
  private recordExit(exit: { code: number | null; signal: string | null }): void {
    const last = this.record.findLast((event) => event.kind === 'program-exit' || event.kind === 'program-start');
    if (last?.kind !== 'program-exit') this.event({ kind: 'program-exit', code: exit.code, signal: exit.signal });
  }

  private describeConnectFailure(error: ConnectError): string {
    return this.say.connectFailed({ reason: error.reason, error: error.message });
  }

  /** Ends every connection this stage opened that is still open, politely (Probe.close), and the stage's record of the program's output. */
  async closeAll(): Promise<void> {
    await Promise.all(this.probes.map((probe) => probe.close()));
    this.stopWatchingOutput();
  }

  /**
   * The clients of a program that has exited: its kernel closed their server ends, which now
   * hold the port (FIN_WAIT_2 after the server's FIN) until the client ends too. A program
   * without SO_REUSEADDR cannot bind again before they go, so they are ended (Probe.close: a
   * reset, the server having closed first) before it starts again; nothing in the exited
   * program can fail of it.
   */
  private async releaseClientsOfExitedRun(): Promise<void> {
    await Promise.all(this.probes.filter((probe) => probe.held).map((probe) => probe.close()));
  }

  private async startIfNeeded(mayRestart: boolean): Promise<void> {
    const { target } = this;
    for (let attempt = 0; ; attempt++) {
      const exit = target.exitStatus();
      if (exit && !mayRestart && this.resetOpen) {
        // The checker's own reset killed it: not the student's failure.
        this.resetOpen = false;
        this.options.notice(this.say.checkerResetRestart({ exit: this.describeExit(exit), stage: this.options.stageId }));
        this.step(this.say.checkerResetRestart({ exit: this.describeExit(exit), stage: this.options.stageId }));
      } else if (exit && !mayRestart) {
        throw new StageFailure(
          this.say.expectedSameProcess(),
          this.say.gotExitedAfterClients({ exit: this.describeExit(exit), clients: this.opened }),
          {},
          this.outputNotes(),
        ).withFacts({ kind: 'exited', clientsServed: this.opened });
      } else if (exit) this.options.notice(this.say.restarting({ exit: this.describeExit(exit), stage: this.options.stageId }));
      if (exit) {
        this.recordExit(exit);
        await this.releaseClientsOfExitedRun();
        this.event({ kind: 'program-start' });
      }
      const started = await target.ensureRunning();
      if (started.ok) return;
      // Exited while being waited for: the next turn starts it again, or fails for a same-process stage.
      if (attempt > 0 || !target.exitStatus()) throw new StageFailure(this.say.expectedListen({ port: target.port }), started.reason, {}, this.outputNotes());
    }
  }
}

