/**
 * ACCELERATION=off runs the plain server alone: nothing of accelerators/ is even loaded, only
 * server/, protocol/, the command-line text helpers and dotenv. ACCELERATION=on loads the
 * accelerators on top. Proven from the modules a real server process loaded while it served.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, WireClient, idReply, startServer, useLoopbackHarness } from './harness';

useLoopbackHarness();

const scratch = mkdtempSync(join(tmpdir(), 'charcount-modules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The repository folder each module came from, for the modules a server loaded while answering one message. */
async function foldersLoaded(acceleration: 'off' | 'on'): Promise<string[]> {
  const file = join(scratch, `${acceleration}.json`);
  const server = await startServer({
    env: {
      ACCELERATION: acceleration,
      NODE_OPTIONS: `--import ${join(ROOT, 'tests', 'loopback', 'fixtures', 'list-loaded-modules.mjs')}`,
      LOADED_MODULES_FILE: file,
    },
  });
  const client = await WireClient.connect(server.port);
  await client.write('Halo dunia\n');
  expect(await client.nextLine()).toBe(idReply(10));
  client.end();
  expect(await server.stop()).toEqual({ code: 0, signal: null });
  const modules = JSON.parse(readFileSync(file, 'utf8')) as string[];
  const folders = modules.map((path) => relative(ROOT, path).split('/').slice(0, 2).join('/'));
  return [...new Set(folders)].sort();
}

describe('the modules each server mode loads', () => {
  it('ACCELERATION=off: only dist/server, dist/protocol, dist/command-line and dotenv', async () => {
    expect(await foldersLoaded('off')).toEqual(['dist/command-line', 'dist/protocol', 'dist/server', 'node_modules/dotenv']);
  });

  it('ACCELERATION=on: the same, plus dist/accelerators', async () => {
    expect(await foldersLoaded('on')).toEqual(['dist/accelerators', 'dist/command-line', 'dist/protocol', 'dist/server', 'node_modules/dotenv']);
  });
});
