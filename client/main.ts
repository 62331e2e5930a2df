#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { ERROR_PREFIX } from '../protocol';
import { CannotConnectError } from './connect';
import { ClientUsageError, clientUsage, parseClientCommandLine, type ClientCommandLine } from './client-options';
import { runInteractive } from './interactive';
import { parseScript, ScriptError, type ScriptStep } from './script';
import { runSession, type SessionResult } from './session';
import { formatSummary, formatTable, summarize } from './transcript';

const EXIT_OK = 0;
const EXIT_MISMATCH = 1;
const EXIT_USAGE = 2;
const EXIT_CANNOT_CONNECT = 3;

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
  const step: ScriptStep = { source: 'command line', bytes: Buffer.from(commandLine.args.join(' '), 'utf8') };
  const result = await runSession([step], commandLine.session);
  return report(result, commandLine, 'replies');
}

async function sendPipedLines(commandLine: ClientCommandLine): Promise<number> {
  const input = await readAll(process.stdin);
  const lines = splitLines(input);
  if (lines.length === 0) return EXIT_OK;
  const steps = lines.map((bytes, index): ScriptStep => ({ source: `stdin:${index + 1}`, bytes }));
  const result = await runSession(steps, commandLine.session);
  return report(result, commandLine, 'replies');
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
  return report(result, commandLine, 'table');
}

function report(result: SessionResult, commandLine: ClientCommandLine, style: 'replies' | 'table'): number {
  const summary = summarize(result);
  // A scripted ERROR is a lesson the script expects; a message typed or piped was meant to be counted.
  const errorReplies = style === 'replies' ? result.rows.filter((row) => row.reply?.startsWith(ERROR_PREFIX)).length : 0;
  const allOk = summary.ok === summary.messages && summary.stepsNotRun === 0 && errorReplies === 0;
  if (commandLine.json) {
    process.stdout.write(`${JSON.stringify({ rows: result.rows, summary }, null, 2)}\n`);
  } else if (style === 'replies') {
    for (const row of result.rows) {
      if (row.reply !== null) process.stdout.write(`${row.reply}\n`);
      if (!row.ok) process.stderr.write(`charcount-client: ${describeProblem(row.reply, row.expected, row.problem)}\n`);
      else if (row.reply?.startsWith(ERROR_PREFIX)) process.stderr.write(`charcount-client: the server could not count message ${row.index} (see its ERROR reply)\n`);
    }
  } else {
    for (const line of formatTable(result.rows, commandLine.maxRows)) process.stdout.write(`${line}\n`);
    process.stdout.write(`${formatSummary(summary)}\n`);
  }
  return allOk ? EXIT_OK : EXIT_MISMATCH;
}

function describeProblem(reply: string | null, expected: string, problem: string | undefined): string {
  const wanted = expected.startsWith('ERROR') ? expected : `a count of ${expected}`;
  return reply === null ? `${problem ?? 'no reply'}; expected ${wanted}` : `the reply does not match: expected ${wanted}`;
}

function splitLines(input: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let newline = input.indexOf(0x0a); newline !== -1; newline = input.indexOf(0x0a, start)) {
    lines.push(input.subarray(start, newline));
    start = newline + 1;
  }
  if (start < input.length) lines.push(input.subarray(start));
  return lines;
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
