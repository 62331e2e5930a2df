/**
 * The checker as a student runs it without the kit: the one-file bundle on a plain Node
 * (bundle.test.ts) or a single executable (single-executable.test.ts), each copied alone into
 * an empty folder with the servers it checks. Both tests run it the same way: a command with
 * only the environment given, its output collected, and a check of a server read from its
 * JSON report.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../../../checker/model';
import { ROOT, SERVERS_DIR } from './checker-run';
import { quietPort } from './ports';

export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A run longer than this is stopped with SIGTERM (the checker then stops the server it started). */
const RUN_LIMIT_MS = 100_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A program and its first arguments: `[node, bundle]` or `[executable]`. */
export type StandaloneCommand = readonly [string, ...string[]];

/**
 * A new empty folder under the system's temporary folder holding the starter (server.py) and
 * a correct server (correct-threads.py, with the threaded_server.py it imports).
 */
export function folderWithServers(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  copyFileSync(join(ROOT, 'starter', 'python', 'server.py'), join(folder, 'server.py'));
  for (const file of ['correct-threads.py', 'threaded_server.py']) copyFileSync(join(SERVERS_DIR, file), join(folder, file));
  return folder;
}

/** Runs `command ARGS` in `cwd` with exactly the environment `env`, nothing inherited. */
export function runStandalone(command: StandaloneCommand, args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  const [program, ...first] = command;
  const child = spawn(program, [...first, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => child.kill('SIGTERM'), RUN_LIMIT_MS);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))));
}

/** `--format json --port QUIET -- python3 FILE`, and the report it printed. */
export async function checkServer(command: StandaloneCommand, file: string, cwd: string, env: Record<string, string>): Promise<{ run: Run; report: CheckReport }> {
  const run = await runStandalone(command, ['--format', 'json', '--port', String(await quietPort()), '--', 'python3', file], cwd, env);
  let report: CheckReport;
  try {
    report = JSON.parse(run.stdout) as CheckReport;
  } catch {
    throw new Error(`no json report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report };
}

export const passedStages = (report: CheckReport): string[] => report.stages.filter((stage) => stage.status === 'passed').map((stage) => stage.id);

/** What `--version` prints: the package version, then the commit when it was known at build time. */
export const VERSION_LINE = new RegExp(`^charcount-check ${PACKAGE_VERSION.replaceAll('.', '\\.')}( \\(commit [0-9a-f]{12}(-dirty)?\\))?\\n$`, 'u');
