/**
 * Runs the COMPILED checker (dist/checker/main.js, built by `npm run build`) as a user does,
 * and collects what a user sees: the exit code, stdout and stderr, and the time it took.
 * No vitest here: tests/checker/stability.ts runs under plain ts-node too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckReport, StageResult } from '../../../checker/model';
import { withoutLabSettings } from '../../support/lab-settings';
import { ROOT } from '../../support/paths';

export { ROOT, SERVER_JS } from '../../support/paths';
export const CHECKER_JS = join(ROOT, 'dist', 'checker', 'main.js');
export const SERVERS_DIR = join(ROOT, 'tests', 'checker', 'servers');
export const CLASSIC_SERVER = join(ROOT, 'lab-notes', 'classic', 'classic_server.py');

/** A fixture server's command line, as a student would write it after `--`. */
export const pythonServer = (file: string): string[] => ['python3', file.includes('/') ? file : join(SERVERS_DIR, file)];

export interface CheckerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The checker was still running after its time and was stopped. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Extra environment variables, on top of this process's (minus PORT and NO_COLOR). */
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Checkers still running, so a test that fails or times out does not leave them behind. */
const running = new Set<ChildProcess>();
/** How long a checker has, after SIGTERM, to stop its server (it disposes the target, then exits 130). */
const STOP_GRACE_MS = 5000;

export function runChecker(args: readonly string[], options: RunOptions = {}): Promise<CheckerRun> {
  return runProcess(process.execPath, [CHECKER_JS, ...args], options);
}

/** Python's pty.spawn runs the command at a terminal and copies what it shows to stdout; it exits with the command's code. */
const IN_TERMINAL = 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';

/**
 * The checker at a terminal (a pseudo-terminal: stdout is a TTY), where it may colour its
 * lines. The terminal turns each LF into CRLF. Keep these checks short: a checker stopped
 * here gets SIGHUP from the closing terminal, not the SIGTERM that makes it stop its server.
 */
export function runCheckerInTerminal(args: readonly string[], options: RunOptions = {}): Promise<CheckerRun> {
  return runProcess('python3', ['-c', IN_TERMINAL, process.execPath, CHECKER_JS, ...args], options);
}

function runProcess(file: string, args: readonly string[], options: RunOptions): Promise<CheckerRun> {
  if (!existsSync(CHECKER_JS)) throw new Error(`${CHECKER_JS} is missing: run npm run build first`);
  // The checker gives the program PORT itself, and the program (often the kit's own server)
  // takes no setting from the shell; colour must be asked for, never inherited.
  const env: NodeJS.ProcessEnv = { ...withoutLabSettings(process.env), ...options.env };
  if (options.env?.NO_COLOR === undefined) delete env.NO_COLOR;
  const started = performance.now();
  const child = spawn(file, args, { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChecker(child);
  }, options.timeoutMs ?? 100_000);
  return new Promise((resolveRun) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolveRun({ code, signal, stdout, stderr, durationMs: performance.now() - started, timedOut });
    });
  });
}

/**
 * SIGTERM first: the checker then stops the server it started (in its own process group,
 * out of reach of a kill of the checker alone); SIGKILL only if it does not exit in time.
 */
async function stopChecker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await closed;
  clearTimeout(timer);
}

/** Stops every checker still running (after each test). */
export async function stopCheckers(): Promise<void> {
  await Promise.all([...running].map(stopChecker));
}

process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** The json report on stdout (`--format json` without `--out`); throws, showing the run, when it is not one. */
export function parseReport(run: CheckerRun): CheckReport {
  try {
    return JSON.parse(run.stdout) as CheckReport;
  } catch {
    throw new Error(`no json report on stdout:\n${describeCheckerRun(run)}`);
  }
}

/** The ids of the report's stages with this status, in the order they ran. */
export const stagesWith = (report: CheckReport, status: StageResult['status']): string[] => report.stages.filter((stage) => stage.status === status).map((stage) => stage.id);

/** Lines of a stream, without the empty string after the final LF. */
export const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** A run, readable in an assertion message. */
export function describeCheckerRun(run: CheckerRun): string {
  const how = run.timedOut ? 'timed out and was stopped' : `exit ${run.code} (signal ${run.signal})`;
  return `${how} after ${(run.durationMs / 1000).toFixed(1)} s\n--- stdout:\n${run.stdout}--- stderr:\n${run.stderr}---`;
}

/** The checker's notice that it waited for TIME_WAIT connections to expire before starting the server again. */
const TIME_WAIT_WAIT = /^\[checker\] .*TIME_WAIT.*; waiting, then starting your server again$/m;

/**
 * The notice's line when the run waited out TIME_WAIT, or null. The checker's resets leave
 * none on the server's port; only a rare race (a server's close crossing the checker's
 * half-close) can, and then the run must still give the same result, a minute later.
 */
export function timeWaitNotice(run: CheckerRun): string | null {
  return TIME_WAIT_WAIT.exec(`${run.stdout}\n${run.stderr}`)?.[0] ?? null;
}

/** The stage ids, in order, as `--help` lists them ("stages: listen, reply-text, ..."). */
export async function helpStageIds(): Promise<string[]> {
  const help = await runChecker(['--help']);
  const line = linesOf(help.stdout).find((text) => text.startsWith('stages: '));
  if (line === undefined) throw new Error(`--help lists no stages:\n${describeCheckerRun(help)}`);
  return line.slice('stages: '.length).split(', ');
}
