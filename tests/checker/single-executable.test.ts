/**
 * The Linux x64 single executable (npm run package:executables builds it with the other
 * platforms'): one file, no Node on the PATH it runs with, copied alone into an empty folder.
 * It checks the starter (3 of 8) and a correct server (8 of 8) on a quiet port, as the
 * bundle does on Node (tests/checker/bundle.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildExecutables, EXECUTABLE_TARGETS } from '../../packaging/single-executables';
import { checkServer, folderWithServers, passedStages, runStandalone, VERSION_LINE } from './support/standalone-checker';

let folder = '';
let executable = '';
/** Only a PATH with python3 alone (no node), and HOME. */
let env: Record<string, string> = {};

beforeAll(async () => {
  folder = folderWithServers('charcount-sea-');
  const [written] = await buildExecutables(folder, EXECUTABLE_TARGETS.filter((target) => target.platform === 'linux-x64'));
  executable = written!.path;
  const path = join(folder, 'bin');
  mkdirSync(path);
  // The interpreter itself, not a version manager's shim that needs its own PATH.
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  symlinkSync(python, join(path, 'python3'));
  env = { PATH: path, HOME: folder };
}, 600_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function check(file: string): Promise<{ code: number | null; passed: string[] }> {
  const { run, report } = await checkServer([executable], file, folder, env);
  return { code: run.code, passed: passedStages(report) };
}

it('--version and --help answer, with no node on the PATH', async () => {
  const version = await runStandalone([executable], ['--version'], folder, env);
  expect(version.code, version.stderr).toBe(0);
  expect(version.stdout).toMatch(VERSION_LINE);
  expect(version.stderr).toBe('');
  const help = await runStandalone([executable], ['--help'], folder, env);
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
