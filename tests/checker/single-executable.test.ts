/**
 * The Linux x64 single executable (npm run package:executables builds it with the other
 * platforms'): one file, no Node on the PATH it runs with, copied alone into an empty folder.
 * It checks the starter (3 of 8) and a correct server (8 of 8) on a quiet port, as the
 * bundle does on Node (tests/checker/bundle.test.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CheckReport } from '../../checker/model';
import { buildExecutables, EXECUTABLE_TARGETS } from '../../packaging/single-executables';
import { ROOT, SERVERS_DIR } from './support/checker-run';
import { quietPort } from './support/ports';

const RUN_LIMIT_MS = 100_000;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let folder = '';
let executable = '';
/** A PATH with python3 alone: no node. */
let path = '';

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'charcount-sea-'));
  const [written] = await buildExecutables(folder, EXECUTABLE_TARGETS.filter((target) => target.platform === 'linux-x64'));
  executable = written!.path;
  copyFileSync(join(ROOT, 'starter', 'python', 'server.py'), join(folder, 'server.py'));
  for (const file of ['correct-threads.py', 'threaded_server.py']) copyFileSync(join(SERVERS_DIR, file), join(folder, file));
  path = join(folder, 'bin');
  mkdirSync(path);
  // The interpreter itself, not a version manager's shim that needs its own PATH.
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  symlinkSync(python, join(path, 'python3'));
}, 600_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(executable, args, { cwd: folder, env: { PATH: path, HOME: folder }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => child.kill('SIGTERM'), RUN_LIMIT_MS);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))));
}

async function check(file: string): Promise<{ code: number | null; passed: string[] }> {
  const result = await run(['--format', 'json', '--port', String(await quietPort()), '--', 'python3', file]);
  const report = JSON.parse(result.stdout || 'null') as CheckReport | null;
  if (report === null) throw new Error(`no json report (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, passed: report.stages.filter((stage) => stage.status === 'passed').map((stage) => stage.id) };
}

it('--version and --help answer, with no node on the PATH', async () => {
  const version = await run(['--version']);
  expect(version.code, version.stderr).toBe(0);
  expect(version.stdout).toMatch(new RegExp(`^charcount-check ${VERSION.replaceAll('.', '\\.')} `, 'u'));
  expect(version.stderr).toBe('');
  const help = await run(['--help']);
  expect(help.stdout).toMatch(/^usage:\n/u);
});

it('checks the starter: 3 of 8, exit 1', async () => {
  expect(await check('server.py')).toEqual({ code: 1, passed: ['listen', 'reply-text', 'count-unicode'] });
});

it('checks a correct server: 8 of 8, exit 0', async () => {
  const { code, passed } = await check('correct-threads.py');
  expect(code).toBe(0);
  expect(passed).toHaveLength(8);
});
