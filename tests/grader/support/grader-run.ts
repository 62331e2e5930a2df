/**
 * Runs the COMPILED grader (dist/grader/main.js, built by `npm run build`) as an instructor
 * does, and collects what they see: exit code, stdout, stderr. A run that outlives its time
 * gets SIGINT (the grader then removes its containers), then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GRADER_JS, ROOT } from './class-builder';

export interface GraderRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface GraderOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** At a pseudo-terminal (Python's pty.spawn), where the progress bar shows. */
  inTerminal?: boolean;
  /** Hears the run as it starts, e.g. to interrupt it. */
  started?: (child: ChildProcess) => void;
}

const IN_TERMINAL = 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';
const STOP_GRACE_MS = 30_000;

export function runGrader(args: readonly string[], options: GraderOptions = {}): Promise<GraderRun> {
  if (!existsSync(GRADER_JS)) throw new Error(`${GRADER_JS} is missing: run npm run build first (tsconfig.build.json must include grader/)`);
  const [file, ...rest] = options.inTerminal ? ['python3', '-c', IN_TERMINAL, process.execPath, GRADER_JS, ...args] : [process.execPath, GRADER_JS, ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.env?.NO_COLOR === undefined) delete env.NO_COLOR;
  const startedAt = performance.now();
  const child = spawn(file!, rest, { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  options.started?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => {
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
  }, options.timeoutMs ?? 170_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, durationMs: performance.now() - startedAt });
    });
  });
}

/** A run, readable in an assertion message. */
export function describeRun(run: GraderRun): string {
  return `exit ${run.code} (signal ${run.signal}) after ${(run.durationMs / 1000).toFixed(1)} s\n--- stdout:\n${run.stdout}--- stderr:\n${run.stderr}---`;
}
