/**
 * What the checker checks: a program it starts (`-- COMMAND`), a server already running
 * (`--host/--port`), or a submission folder it builds into a container (`--submission`).
 * Stages talk to a target only through this interface.
 */
import type { Language } from '../../language';
import { TRACE_TEXTS } from '../messages/trace-texts';
import type { ProbeNetwork } from '../probe/connection';

/** How a started program ended, for the trace: "exited with code 1", "killed by SIGKILL". */
export interface ProgramExit {
  code: number | null;
  signal: string | null;
}

export type StartResult =
  | { ok: true }
  /** The program could not be started, or exited before it listened, or never listened in time. */
  | { ok: false; reason: string };

export interface Target {
  /** In words, for the report's header. */
  readonly description: string;
  /** The host name or address the probes connect to (inside the target's network). */
  readonly host: string;
  readonly port: number;
  /** How the probes reach the server. */
  readonly network: ProbeNetwork;
  /** Whether the checker starts the program itself, and so can restart it after a crash. */
  readonly restartable: boolean;
  /** Whether the checker can send the program SIGTERM (the shutdown stage needs it). */
  readonly signalable: boolean;

  /**
   * Makes sure the server is running: starts it when it has never run or has exited, then
   * waits until its port listens, without spending a connection (a one-client server would
   * lose its only client to a readiness probe): restartable targets watch for the listening
   * socket or the process's exit. A program that exits while being waited for is not started
   * again here: the result says so, and the caller decides (a stage may need the same process).
   * A host target only answers { ok: true }; its probes find out whether it answers.
   */
  ensureRunning(): Promise<StartResult>;
  /** The program's exit once it has exited, or null while it runs (always null for a host target). */
  exitStatus(): ProgramExit | null;
  /** Waits up to timeoutMs for the program to exit; null when it did not (or cannot be known). */
  waitForExit(timeoutMs: number): Promise<ProgramExit | null>;
  /** The program's last lines of output (stdout and stderr interleaved), for failure traces. */
  lastOutput(lines: number): string[];
  /** Calls `listener` with each line the program prints from now on (escaped), until the returned function is called. */
  watchOutput(listener: (line: string) => void): () => void;
  /** Sends SIGTERM to the program; only when `signalable`. */
  terminate(): Promise<void>;
  /** Stops the program (its whole process group, or its container) and frees everything. */
  dispose(): Promise<void>;
}

/** "exited with code 1", "was killed by SIGKILL": how traces and notices name an exit, in `language`. */
export function describeExit(exit: ProgramExit, language: Language): string {
  return TRACE_TEXTS[language].exit(exit);
}

/** Prints the checker's own lines about the target ("starting your server again for stage …"). */
export type Notice = (line: string) => void;
