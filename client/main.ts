#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { asksForVersion, versionLine } from '../command-line/version';
import { splitLines } from '../protocol';
import { CannotConnectError } from './connect';
import { ClientUsageError, clientUsage, parseClientCommandLine, type ClientCommandLine } from './client-options';
import { runInteractive } from './interactive';
import { EXIT_CANNOT_CONNECT, EXIT_MISMATCH, EXIT_OK, EXIT_USAGE, report } from './report';
import { decodeEscapes, parseScript, ScriptError, type ScriptStep } from './script';
import { runSession } from './session';

const DEFAULT_SCRIPT_PATH = join('lab-notes', 'scripts', 'lab-session.txt');

/**
 * The default lab session ships with the package, so `run` works from any directory and
 * inside the image. It is found upwards from this file: one level from the TypeScript
 * sources (ts-node), two from the compiled dist/client.
 */
function defaultScript(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_SCRIPT_PATH);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return DEFAULT_SCRIPT_PATH;
  }
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  if (asksForVersion(process.argv.slice(2))) {
    process.stdout.write(`${versionLine('charcount-client')}\n`);
    return EXIT_OK;
  }
  const commandLine = parseClientCommandLine(process.argv.slice(2), process.env);
  if (commandLine.help) {
    process.stdout.write(`${clientUsage()}\n`);
    return EXIT_OK;
  }
  switch (commandLine.command) {
    case 'send':
      return sendOne(commandLine);
    case 'run':
      return runScript(commandLine);
    case 'interactive':
      return process.stdin.isTTY ? runInteractive(commandLine) : sendPipedLines(commandLine);
  }
}

async function sendOne(commandLine: ClientCommandLine): Promise<number> {
  const text = commandLine.args.join(' ');
  // The shell hands a program its arguments as bytes and Node decodes them as UTF-8: bytes
  // that are not UTF-8 arrive as U+FFFD, and the server would count that character instead.
  if (text.includes('\uFFFD')) {
    process.stderr.write(
      "charcount-client: warning: the message contains U+FFFD (\uFFFD), which is what bytes that are not UTF-8 become on a command line; to send raw bytes, write them as escapes: charcount-client send --escapes 'harga \\xE2\\x82'\n",
    );
  }
  const bytes = commandLine.escapes ? decodeEscapes(text, 'send --escapes') : Buffer.from(text, 'utf8');
  const result = await runSession([{ source: 'command line', bytes }], commandLine.session);
  return report(result, { ...commandLine, style: 'replies' });
}

async function sendPipedLines(commandLine: ClientCommandLine): Promise<number> {
  const input = await readAll(process.stdin);
  const lines = splitLines(input);
  if (lines.length === 0) return EXIT_OK;
  const steps = lines.map((bytes, index): ScriptStep => ({ source: `stdin:${index + 1}`, bytes }));
  const result = await runSession(steps, commandLine.session);
  return report(result, { ...commandLine, style: 'replies' });
}

async function runScript(commandLine: ClientCommandLine): Promise<number> {
  const path = commandLine.args[0] ?? defaultScript();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClientUsageError(
      `cannot read script ${path} (${(error as NodeJS.ErrnoException).code}); give a path to a script file such as lab-notes/scripts/lab-session.txt`,
    );
  }
  const steps = parseScript(text, basename(path));
  const { session } = commandLine;
  if (!commandLine.json) {
    const connections = session.concurrency === 1 ? '1 connection' : `${session.concurrency} connections`;
    process.stdout.write(
      `charcount-client: running ${basename(path)} against ${session.address.host}:${session.address.port} (${session.mode} mode, ${connections}, ${steps.length} script lines x ${session.repeat})\n`,
    );
  }
  const result = await runSession(steps, session);
  return report(result, { ...commandLine, style: 'table' });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`charcount-client: ${(error as Error).message}\n`);
    if (error instanceof ClientUsageError || error instanceof ScriptError) process.exitCode = EXIT_USAGE;
    else if (error instanceof CannotConnectError) process.exitCode = EXIT_CANNOT_CONNECT;
    else {
      process.stderr.write(`${(error as Error).stack ?? ''}\n`);
      process.exitCode = EXIT_MISMATCH;
    }
  },
);
