/** Running the compiled client to completion, and describing its run for assertion messages. */
import { spawn } from 'node:child_process';
import { cleanEnv } from './clean-env';
import { liveChildren } from './cleanup';
import { CLIENT_JS } from '../../support/paths';
import { scratchDir } from './scratch';

export interface ClientRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs the compiled client to completion (killed after `timeoutMs`). */
export function runClient(
  args: string[],
  options: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<ClientRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLIENT_JS, ...args], {
    cwd: options.cwd ?? scratchDir(),
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolveRun) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolveRun({ code, signal, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

/** A readable summary of a client run, for assertion messages. */
export function describeRun(run: ClientRun): string {
  return `exit ${run.code} (signal ${run.signal}) after ${run.durationMs.toFixed(0)} ms\n--- stdout:\n${run.stdout}--- stderr:\n${run.stderr}---`;
}
