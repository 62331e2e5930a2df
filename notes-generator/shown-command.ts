import { spawn } from 'node:child_process';

export interface ShownCommandResult {
  /** stdout and stderr in the order a terminal would show them. */
  output: string;
  exitCode: number;
}

/**
 * Runs a command exactly as a block shows it (bash, from the repository root), so every
 * command in the notes is one a student can paste. `env` adds what differs on the generating
 * machine (for example the port of a private server), never what the student must type.
 */
export function runShownCommand(
  command: string,
  options: { root: string; env?: Record<string, string>; timeoutMs?: number; stdin?: string },
): Promise<ShownCommandResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec 2>&1\n${command}`], {
      cwd: options.root,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`\`${command}\` did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ output: Buffer.concat(chunks).toString('utf8'), exitCode: code ?? (signal ? 128 : 1) });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** A console block: the prompt line, then what the command printed. */
export function consoleText(command: string, output: string): string {
  const body = output.replace(/\n+$/, '');
  return body ? `$ ${command}\n${body}` : `$ ${command}`;
}
