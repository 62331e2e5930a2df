/**
 * The server's container with the supervisor (program-supervisor.ts) as its main process:
 * started once per check, each run of the student's program a line on its stdin. The
 * container's output is one attach for its whole life; each run's share of it ends at that
 * run's end lines, so a trace shows only what its run printed, as for a command. Should the
 * container itself stop (the supervisor killed), the next run starts it again.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { ProgramOutput } from './program-output';
import { exitOf, type ProgramRun } from './program-run';
import { RunEndScanner } from './program-supervisor';
import type { ProgramExit } from './target';

/** After SIGTERM, how long a program has to exit before it and its supervisor are killed. */
const STOP_GRACE_MS = 1000;
/** After the container stopped, the last output may still be on its way through the attach stream. */
const OUTPUT_DRAIN_MS = 500;
const SIGKILL_STATUS = 128 + 9;

export class SupervisedServer {
  private input: NodeJS.WritableStream | null = null;
  private current: SupervisedRun | null = null;
  private running = false;

  constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
  ) {}

  /** Starts a run of the program, and the container first when it is not running. Rejects with Docker's message when the container cannot start. */
  async startRun(output: ProgramOutput): Promise<ProgramRun> {
    if (!this.running) await this.startContainer();
    const token = `charcount-run-${randomBytes(8).toString('hex')}`;
    const run = new SupervisedRun(token, output, this);
    this.current = run;
    this.input!.write(`${token}\n`);
    return run;
  }

  /** SIGTERM to the program and its children through the supervisor; SIGKILL to the container after the grace time. */
  async stop(run: SupervisedRun): Promise<void> {
    if (run.exit) return;
    run.stopping = true;
    await this.container.kill({ signal: 'SIGTERM' }).catch(() => undefined);
    const ended = await Promise.race([run.exited.then(() => true), sleep(STOP_GRACE_MS, false)]);
    if (ended) return;
    await this.container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    await run.exited;
  }

  /** Ends the supervisor's input: it ends once the current run has (the check is over). */
  endInput(): void {
    this.input?.end();
  }

  /** Whether the kernel's OOM killer struck in the container since `sinceMs` (a run that died of SIGKILL). */
  async outOfMemorySince(sinceMs: number): Promise<boolean> {
    try {
      // Whole seconds: the answer can wait up to a second for `until`, on a SIGKILL the checker did not send.
      const events = (await this.docker.getEvents({
        since: Math.floor(sinceMs / 1000) - 1,
        until: Math.ceil(Date.now() / 1000),
        filters: { type: ['container'], container: [this.container.id], event: ['oom'] },
      })) as unknown as NodeJS.ReadableStream;
      let text = '';
      for await (const chunk of events) text += String(chunk);
      return text.trim() !== '';
    } catch {
      return false;
    }
  }

  private async startContainer(): Promise<void> {
    const attached = await this.container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    const streamEnded = new Promise<void>((resolve) => {
      attached.once('end', resolve);
      attached.once('close', resolve);
      // A write to a supervisor that has just died fails: its run ends with the container.
      attached.on('error', () => resolve());
    });
    this.docker.modem.demuxStream(attached, sink((chunk) => this.current?.receive('stdout', chunk)), sink((chunk) => this.current?.receive('stderr', chunk)));
    this.input = attached;
    await this.container.start();
    this.running = true;
    void this.container
      .wait()
      .then(
        async (result: { StatusCode: number }) => {
          const state = await this.container.inspect().then((info) => info.State, () => null);
          const outOfMemory = state?.OOMKilled === true;
          return { exit: exitOf(result.StatusCode, outOfMemory), outOfMemory };
        },
        // Removed under us: it has stopped, how is unknown.
        () => ({ exit: { code: null, signal: 'SIGKILL' } satisfies ProgramExit, outOfMemory: false }),
      )
      .then(async ({ exit, outOfMemory }) => {
        this.running = false;
        await Promise.race([streamEnded, sleep(OUTPUT_DRAIN_MS)]);
        this.current?.containerStopped(exit, outOfMemory);
      });
  }
}

/** One run under the supervisor: its output up to its end lines, and its exit from them. */
export class SupervisedRun implements ProgramRun {
  exit: ProgramExit | null = null;
  outOfMemory = false;
  /** Set when the checker stops it: a SIGKILL is then the checker's, not the OOM killer's. */
  stopping = false;
  /** Both end lines have arrived: the exit is being settled. */
  private finishing = false;
  readonly exited: Promise<ProgramExit>;
  private readonly startedAtMs = Date.now();
  private readonly scanners: Record<'stdout' | 'stderr', RunEndScanner>;
  private readonly streams: Record<'stdout' | 'stderr', { write(chunk: Buffer): void; flush(): void }>;
  private ended!: (exit: ProgramExit) => void;

  constructor(
    token: string,
    output: ProgramOutput,
    private readonly server: SupervisedServer,
  ) {
    this.scanners = { stdout: new RunEndScanner(token), stderr: new RunEndScanner(token) };
    // The same container runs the program again: a trace shows only what this run printed.
    output.restart();
    this.streams = { stdout: output.stream(), stderr: output.stream('stderr') };
    this.exited = new Promise((resolve) => (this.ended = resolve));
  }

  receive(which: 'stdout' | 'stderr', chunk: Buffer): void {
    if (this.exit || this.finishing) return;
    const bytes = this.scanners[which].write(chunk);
    if (bytes.length > 0) this.streams[which].write(bytes);
    if (this.scanners.stdout.ended && this.scanners.stderr.ended) {
      this.finishing = true;
      void this.finish(this.scanners.stdout.status!);
    }
  }

  /** The container stopped during the run: the run ended with it. */
  containerStopped(exit: ProgramExit, outOfMemory: boolean): void {
    if (this.exit) return;
    this.outOfMemory = outOfMemory;
    this.settle(exit);
  }

  async outputDrained(): Promise<void> {
    // The run ends only once both streams' end lines have arrived: its output is all there.
    await this.exited;
  }

  stop(): Promise<void> {
    return this.server.stop(this);
  }

  private async finish(status: number): Promise<void> {
    if (status === SIGKILL_STATUS && !this.stopping) this.outOfMemory = await this.server.outOfMemorySince(this.startedAtMs);
    this.settle(exitOf(status, this.outOfMemory));
  }

  private settle(exit: ProgramExit): void {
    if (this.exit) return;
    this.streams.stdout.flush();
    this.streams.stderr.flush();
    this.exit = exit;
    this.ended(exit);
  }
}

/** The demultiplexer writes each stream's frames to a writable. */
function sink(write: (chunk: Buffer) => void): NodeJS.WritableStream {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      write(chunk);
      done();
    },
  });
}
