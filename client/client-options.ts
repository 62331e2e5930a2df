import { parseArgs } from 'node:util';
import { oneLine } from '../command-line/one-line';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_PORT } from '../protocol';
import type { SessionOptions } from './session';
import type { SendMode } from './script';

/** The command line is wrong; the message says what to type instead. */
export class ClientUsageError extends Error {}

export type ClientCommand = 'send' | 'run' | 'interactive';

export interface ClientCommandLine {
  command: ClientCommand;
  args: string[];
  help: boolean;
  /** send: the message is written with the lab-script escapes (\xHH, \u{HEX} ...). */
  escapes: boolean;
  json: boolean;
  maxRows: number;
  session: SessionOptions;
}

/** The environment variables the client reads: where the server is (the compose file sets them for its client container). */
const ENVIRONMENT = { host: 'SERVER_HOST', port: 'SERVER_PORT' } as const;

/** Every environment variable the client reads, for tools that must keep a shell's settings away from it. */
export const CLIENT_ENVIRONMENT_VARIABLES: readonly string[] = Object.values(ENVIRONMENT);

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'wait-timeout': { type: 'string' },
  'reply-timeout': { type: 'string' },
  mode: { type: 'string' },
  concurrency: { type: 'string' },
  repeat: { type: 'string' },
  'chunk-size': { type: 'string' },
  'chunk-delay-ms': { type: 'string' },
  'max-message-bytes': { type: 'string' },
  'max-rows': { type: 'string' },
  escapes: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseClientCommandLine(argv: string[], env: NodeJS.ProcessEnv): ClientCommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ClientUsageError(`${oneLine((error as Error).message)}; run charcount-client --help to see every option`);
  }
  const { values, positionals } = parsed;
  const [first, ...args] = positionals;
  const command = parseCommand(first, args);
  if (values.escapes === true && command !== 'send') {
    throw new ClientUsageError(`--escapes goes with send, for example: charcount-client send --escapes 'harga \\xE2\\x82' (in a script every line takes the escapes already)`);
  }
  const chunkSize = values['chunk-size'] === undefined ? undefined : number('--chunk-size', values['chunk-size'], 1, 1 << 30);
  const chunkDelayMs = number('--chunk-delay-ms', values['chunk-delay-ms'] ?? '10', 0, 60_000);
  const session: SessionOptions = {
    address: {
      host: values.host ?? nonEmpty(env[ENVIRONMENT.host]) ?? 'localhost',
      port: values.port !== undefined ? number('--port', values.port, 1, 65535) : number(ENVIRONMENT.port, nonEmpty(env[ENVIRONMENT.port]) ?? String(DEFAULT_PORT), 1, 65535),
    },
    waitTimeoutMs: seconds('--wait-timeout', values['wait-timeout'] ?? '10'),
    replyTimeoutMs: seconds('--reply-timeout', values['reply-timeout'] ?? '10'),
    mode: mode(values.mode ?? 'line'),
    concurrency: number('--concurrency', values.concurrency ?? '1', 1, 10_000),
    repeat: number('--repeat', values.repeat ?? '1', 1, 1_000_000),
    maxMessageBytes: number('--max-message-bytes', values['max-message-bytes'] ?? String(DEFAULT_MAX_MESSAGE_BYTES), 0, Number.MAX_SAFE_INTEGER),
    ...(chunkSize !== undefined ? { chunk: { size: chunkSize, delayMs: chunkDelayMs } } : {}),
  };
  return {
    command,
    args,
    help: values.help === true,
    escapes: values.escapes === true,
    json: values.json === true,
    maxRows: number('--max-rows', values['max-rows'] ?? '200', 0, Number.MAX_SAFE_INTEGER),
    session,
  };
}

function parseCommand(first: string | undefined, args: string[]): ClientCommand {
  switch (first) {
    case undefined:
      return 'interactive';
    case 'send':
      if (args.length === 0) throw new ClientUsageError('send needs a message, for example: charcount-client send "Halo dunia"');
      return 'send';
    case 'run':
      if (args.length > 1) throw new ClientUsageError('run takes one script file, for example: charcount-client run lab-notes/scripts/lab-session.txt');
      return 'run';
    default:
      throw new ClientUsageError(`unknown command "${first}"; use send MESSAGE, run [SCRIPT], or no command for interactive mode`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function number(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ClientUsageError(`invalid ${name} ${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function seconds(name: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 86_400) {
    throw new ClientUsageError(`invalid ${name} ${JSON.stringify(raw)}: expected a number of seconds from 0 to 86400, for example 10 or 0.5`);
  }
  return value * 1000;
}

function mode(raw: string): SendMode {
  if (raw === 'line' || raw === 'classic') return raw;
  throw new ClientUsageError(`invalid --mode ${JSON.stringify(raw)}: expected line (send a newline after each message) or classic (no newline; wait for the reply)`);
}

export function clientUsage(): string {
  return `Usage: charcount-client [command] [options]

Talks to a charcount-server: sends messages, prints the replies, and checks each reply
against the count the protocol core predicts.

Commands:
  send MESSAGE...        send one message (the words joined by spaces) and print the reply
  send --escapes TEXT... the same, written with the lab-script escapes (\\xHH \\u{HEX} \\n \\\\ ...),
                         for bytes a shell cannot pass: send --escapes 'harga \\xE2\\x82' sends 8 bytes
  run [SCRIPT]           run a scripted lab session and print its transcript
                         (default: the package's lab-notes/scripts/lab-session.txt)
  (none)                 interactive when typing at a terminal; one message per line from a pipe

Options:
  --host HOST            server host (env SERVER_HOST, default localhost)
  --port PORT            server port (env SERVER_PORT, default ${DEFAULT_PORT})
  --wait-timeout S       keep retrying the connection for S seconds (default 10)
  --reply-timeout S      give up on a reply after S seconds (default 10)
  --mode line|classic    line: end each message with a newline (default);
                         classic: send no newline and wait, like the original assignment's client
  --concurrency N        run the script on N connections at once (default 1)
  --repeat N             run the script N times on each connection (default 1)
  --chunk-size B         dribble each message B bytes at a time ...
  --chunk-delay-ms T     ... T ms apart (default 10; keep it below the server's quiet period)
  --max-message-bytes B  the server's MAX_MESSAGE_BYTES, for predicting its replies (default ${DEFAULT_MAX_MESSAGE_BYTES})
  --max-rows N           list at most N transcript rows; when there are more, only rows that are
                         not ok (default 200; 0 lists none, the summary still counts every row)
  --json                 print rows and summary as JSON
  -h, --help             show this help

Exit codes: 0 every reply as expected, 1 a reply mismatched or missing, 2 usage error,
3 cannot connect, or the server went away during the run (what it answered is still shown).

Examples:
  charcount-client send "Halo dunia"
  charcount-client run lab-notes/scripts/lab-session.txt --concurrency 5
  printf 'satu\\ndua\\n' | charcount-client --host localhost`;
}
