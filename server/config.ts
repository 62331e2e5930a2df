import { parseArgs } from 'node:util';
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PORT,
  DEFAULT_QUIET_PERIOD_MS,
  REPLY_FORMATS,
  REPLY_LANGUAGES,
  type ReplyFormat,
  type ReplyLanguage,
} from '../protocol';
import { oneLine } from '../command-line/one-line';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './logger';

export interface ServerConfig {
  port: number;
  /** Undefined: all interfaces, IPv6 and IPv4 where the host has IPv6, IPv4 only otherwise. */
  host: string | undefined;
  language: ReplyLanguage;
  replyFormat: ReplyFormat;
  quietPeriodMs: number;
  maxMessageBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  shutdownGraceMs: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Server processes sharing the port; more than 1 uses several cores (an accelerator). */
  workers: number;
  /** off: the plain server, public Node APIs only; on: the accelerators/ plug-ins are installed. */
  acceleration: Acceleration;
}

const ACCELERATIONS = ['off', 'on'] as const;
export type Acceleration = (typeof ACCELERATIONS)[number];

/** A setting the user got wrong: the message names it, the bad value and what is allowed. */
export class ConfigError extends Error {}

interface Setting<K extends keyof ServerConfig> {
  key: K;
  env: string;
  flag: string;
  fallback: ServerConfig[K];
  /** Returns the parsed value, or undefined when the raw value is not allowed. */
  parse: (raw: string) => ServerConfig[K] | undefined;
  allowed: string;
  help: string;
}

function wholeNumber(min: number, max: number): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^\d+$/.test(raw.trim())) return undefined;
    const value = Number(raw.trim());
    return value >= min && value <= max ? value : undefined;
  };
}

function oneOf<T extends string>(choices: readonly T[]): (raw: string) => T | undefined {
  return (raw) => choices.find((choice) => choice === raw.trim().toLowerCase());
}

const MAX_MS = 2_147_483_647;

const SETTINGS: { [K in keyof ServerConfig]: Setting<K> } = {
  port: {
    key: 'port', env: 'PORT', flag: 'port', fallback: DEFAULT_PORT,
    parse: wholeNumber(0, 65535), allowed: 'a whole number from 0 to 65535 (0 picks a free port)',
    help: 'TCP port to listen on',
  },
  host: {
    key: 'host', env: 'LISTEN_HOST', flag: 'host', fallback: undefined,
    parse: (raw) => (raw.trim() === '' ? undefined : raw.trim()), allowed: 'an IP address or host name',
    help: 'address to listen on',
  },
  language: {
    key: 'language', env: 'REPLY_LANGUAGE', flag: 'language', fallback: 'id',
    parse: oneOf(REPLY_LANGUAGES), allowed: REPLY_LANGUAGES.join(' or '),
    help: 'language of count replies',
  },
  replyFormat: {
    key: 'replyFormat', env: 'REPLY_FORMAT', flag: 'reply-format', fallback: 'text',
    parse: oneOf(REPLY_FORMATS), allowed: REPLY_FORMATS.join(' or '),
    help: 'text sentence, or json with chars, bytes, utf16Units and graphemes',
  },
  quietPeriodMs: {
    key: 'quietPeriodMs', env: 'QUIET_PERIOD_MS', flag: 'quiet-period-ms', fallback: DEFAULT_QUIET_PERIOD_MS,
    parse: wholeNumber(0, 60_000), allowed: 'a whole number of milliseconds from 0 to 60000 (0 = strict line mode)',
    help: 'answer unterminated bytes after this long without new data (classic clients)',
  },
  maxMessageBytes: {
    key: 'maxMessageBytes', env: 'MAX_MESSAGE_BYTES', flag: 'max-message-bytes', fallback: DEFAULT_MAX_MESSAGE_BYTES,
    parse: wholeNumber(0, Number.MAX_SAFE_INTEGER), allowed: 'a whole number of bytes (0 = no limit)',
    help: 'longest message; longer ones get an ERROR reply and are discarded up to their newline',
  },
  idleTimeoutMs: {
    key: 'idleTimeoutMs', env: 'IDLE_TIMEOUT_MS', flag: 'idle-timeout-ms', fallback: DEFAULT_IDLE_TIMEOUT_MS,
    parse: wholeNumber(0, MAX_MS), allowed: `a whole number of milliseconds up to ${MAX_MS} (0 = never)`,
    help: 'close a connection that completes no message for this long',
  },
  maxConnections: {
    key: 'maxConnections', env: 'MAX_CONNECTIONS', flag: 'max-connections', fallback: DEFAULT_MAX_CONNECTIONS,
    parse: wholeNumber(1, 1_000_000), allowed: 'a whole number from 1 to 1000000',
    help: 'connections served at once; more get an ERROR reply and are closed',
  },
  shutdownGraceMs: {
    key: 'shutdownGraceMs', env: 'SHUTDOWN_GRACE_MS', flag: 'shutdown-grace-ms', fallback: 5000,
    parse: wholeNumber(0, MAX_MS), allowed: 'a whole number of milliseconds',
    help: 'on SIGTERM/SIGINT, how long to finish replies before closing connections anyway',
  },
  logLevel: {
    key: 'logLevel', env: 'LOG_LEVEL', flag: 'log-level', fallback: 'info',
    parse: oneOf(LOG_LEVELS), allowed: LOG_LEVELS.join(', '),
    help: 'info logs every message; warn and error are quieter; debug also logs every read and socket error',
  },
  workers: {
    key: 'workers', env: 'WORKERS', flag: 'workers', fallback: 1,
    parse: wholeNumber(1, 64), allowed: 'a whole number from 1 to 64',
    help: 'server processes sharing the port (SO_REUSEPORT on Linux, the cluster module elsewhere)',
  },
  acceleration: {
    key: 'acceleration', env: 'ACCELERATION', flag: 'acceleration', fallback: 'off',
    parse: oneOf(ACCELERATIONS), allowed: ACCELERATIONS.join(' or '),
    help: 'on installs the speed tricks of accelerators/ (shared read buffer, SIMD counting); off runs the plain server',
  },
  logFormat: {
    key: 'logFormat', env: 'LOG_FORMAT', flag: 'log-format', fallback: 'text',
    parse: oneOf(LOG_FORMATS), allowed: LOG_FORMATS.join(' or '),
    help: 'text lines for people, json lines for tools',
  },
};

const ALL_SETTINGS = Object.values(SETTINGS) as Setting<keyof ServerConfig>[];

/** Every environment variable the server reads, in the order --help lists them. */
export const SERVER_ENVIRONMENT_VARIABLES: readonly string[] = ALL_SETTINGS.map((setting) => setting.env);

export interface ParsedCommandLine {
  config: ServerConfig;
  help: boolean;
}

/** Settings from command-line flags, then environment variables (which dotenv fills from .env), then defaults. */
export function parseServerConfig(argv: string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(ALL_SETTINGS.map((s) => [s.flag, { type: 'string' as const }]));
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    throw new ConfigError(`${oneLine((error as Error).message)}; run charcount-server --help to see every option`);
  }
  const config = {} as Record<keyof ServerConfig, unknown>;
  for (const setting of ALL_SETTINGS) {
    const fromFlag = values[setting.flag];
    const fromEnv = env[setting.env];
    if (typeof fromFlag === 'string') {
      config[setting.key] = parseOrExplain(setting, fromFlag, `--${setting.flag} ${fromFlag}`);
    } else if (fromEnv !== undefined && fromEnv !== '') {
      config[setting.key] = parseOrExplain(setting, fromEnv, `${setting.env}=${fromEnv}`);
    } else {
      config[setting.key] = setting.fallback;
    }
  }
  const parsed = config as unknown as ServerConfig;
  if (parsed.workers > 1 && parsed.acceleration === 'off') {
    throw new ConfigError(
      `WORKERS=${parsed.workers} needs ACCELERATION=on: the worker cluster is one of the accelerators; set ACCELERATION=on (or --acceleration on), or WORKERS=1`,
    );
  }
  return { config: parsed, help: values.help === true };
}

function parseOrExplain<K extends keyof ServerConfig>(setting: Setting<K>, raw: string, shown: string): ServerConfig[K] {
  const value = setting.parse(raw);
  if (value === undefined && setting.fallback !== undefined) {
    throw new ConfigError(
      `invalid setting ${shown}: ${setting.env} must be ${setting.allowed} (fix it in .env, the environment or the --${setting.flag} flag)`,
    );
  }
  return value as ServerConfig[K];
}

export function serverUsage(): string {
  const lines = ALL_SETTINGS.map((s) => {
    const fallback = s.fallback === undefined ? 'all interfaces, IPv4 and IPv6' : String(s.fallback);
    return `  --${s.flag.padEnd(18)} ${s.env.padEnd(18)} ${s.help} (default ${fallback})`;
  });
  return [
    'Usage: charcount-server [options]',
    '',
    'Answers every line it receives on TCP with its number of characters.',
    'Each option can also be set by the environment variable beside it, or in a .env file',
    'in the current directory (see .env.example). Flags win over the environment.',
    '',
    '  option               variable',
    ...lines,
    '  -h, --help                              show this help',
  ].join('\n');
}

