import { spawn } from 'node:child_process';

export interface ShownCommandResult {
  /** stdout and stderr in the order a terminal would show them. */
  output: string;
  exitCode: number;
}

export interface ShownCommandOptions {
  root: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Typed into the command, then end of input; without it the command reads nothing. */
  stdin?: string;
}

export interface RunningShownCommand {
  /** Resolves once the output so far contains `text`; rejects if the command ends first. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  readonly finished: Promise<ShownCommandResult>;
  stop(signal?: NodeJS.Signals): void;
}

/**
 * Starts a command exactly as a block shows it (bash, from the repository root), so every
 * command in the notes is one a student can paste. `env` adds what differs on the generating
 * machine (for example the port of a private server), never what the student must type.
 */
export function startShownCommand(command: string, options: ShownCommandOptions): RunningShownCommand {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn('bash', ['-c', `exec 2>&1\n${command}`], {
    cwd: options.root,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // A command that reads no input (ss, say) may be gone before its input is closed: that EPIPE is no failure.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');
  const chunks: Buffer[] = [];
  const watchers = new Set<() => void>();
  const outputSoFar = (): string => Buffer.concat(chunks).toString('utf8');
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    for (const watcher of watchers) watcher();
  });
  const finished = new Promise<ShownCommandResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`\`${command}\` did not finish within ${timeoutMs / 1000} s; its output so far:\n${outputSoFar()}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run \`${command}\`: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher();
      resolve({ output: outputSoFar(), exitCode: code ?? (signal ? 128 : 1) });
    });
  });
  let ended = false;
  void finished.finally(() => (ended = true)).catch(() => undefined);

  return {
    finished,
    stop: (signal = 'SIGTERM') => child.kill(signal),
    waitForOutput(text, waitMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`\`${command}\` did not print "${text}" within ${waitMs / 1000} s; it printed:\n${outputSoFar()}`)), waitMs);
        const done = (error?: Error): void => {
          clearTimeout(timer);
          watchers.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = (): void => {
          if (outputSoFar().includes(text)) done();
          else if (ended || child.exitCode !== null) done(new Error(`\`${command}\` ended before printing "${text}"; it printed:\n${outputSoFar()}`));
        };
        watchers.add(check);
        check();
      });
    },
  };
}

export function runShownCommand(command: string, options: ShownCommandOptions): Promise<ShownCommandResult> {
  return startShownCommand(command, options).finished;
}

/**
 * What a terminal shows of an output: cursor and erase sequences (Compose writes ESC[2K even
 * when not on a terminal) are invisible there, and npm's warnings about this machine's own
 * npm configuration would not appear on a student's.
 */
function asTerminalShowsIt(output: string): string {
  return output
    // eslint-disable-next-line no-control-regex -- removing raw escape sequences is the point
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/^npm warn Unknown (?:env|user) config .*\n/gm, '');
}

/** A console block: the prompt line, then what the command printed. */
export function consoleText(command: string, output: string): string {
  const body = asTerminalShowsIt(output).replace(/\n+$/, '');
  return body ? `$ ${command}\n${body}` : `$ ${command}`;
}

/** A fenced console block for Markdown. */
export function consoleBlock(...parts: string[]): string {
  return ['```console', ...parts, '```'].join('\n');
}
