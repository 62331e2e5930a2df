/**
 * The npm package (npm pack): the four programs compiled, the lab notes, the starter, the
 * report schemas and the MIT LICENSE, and nothing of the development tree (tests, benchmarks, the tools' and
 * programs' TypeScript sources, source maps); and `npx -p ./charcount-lab-VERSION.tgz
 * charcount-check --help` works from an empty folder, npm installing the runtime
 * dependencies. The pack runs with scripts off: its prepack step rebuilds dist/, which the
 * other test files running meanwhile read; this run's build (npm test builds first) is the
 * dist/ packed, and packaging/prepack.ts is that same build plus dist/build-info.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from './support/checker-run';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; license?: string; private?: boolean };
let folder = '';
let tarball = '';
let files: string[] = [];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'charcount-npm-package-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  tarball = join(folder, packed!.filename);
  files = packed!.files.map((file) => file.path);
}, 120_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('holds the four programs, the probe agent, the lab notes in both languages, the starter and the schemas', () => {
  expect(Object.keys(PACKAGE.bin).sort()).toEqual(['charcount-check', 'charcount-client', 'charcount-grade', 'charcount-server']);
  for (const program of Object.values(PACKAGE.bin)) expect(files).toContain(program);
  for (const file of ['dist/checker/probe/agent.js', 'dist/grader/grade-worker.js', 'dist/sequence-diagram/sequence-svg.js', 'lab-notes/checker.md', 'lab-notes/id/checker.md', 'lab-notes/scripts/lab-session.txt', 'starter/python/server.py', 'checker/schemas/report.schema.json']) {
    expect(files).toContain(file);
  }
});

it('is ready to publish under the MIT license: not private, and the LICENSE file is in it', () => {
  expect(PACKAGE.private).toBeUndefined();
  expect(PACKAGE.license).toBe('MIT');
  expect(files).toContain('LICENSE');
  expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 charcount-lab contributors\n/u);
});

it('holds only the compiled programs, the schemas, the lab notes, the starter, the README and the LICENSE', () => {
  const other = files.filter((file) => !/^(dist\/.+\.js|dist\/build-info\.json|checker\/schemas\/[^/]+\.(json|xsd)|lab-notes\/.+|starter\/.+|README\.md|LICENSE|package\.json)$/u.test(file));
  expect(other).toEqual([]);
});

it('holds nothing of the development tree: no tests, benchmarks, TypeScript sources, source maps or tools', () => {
  const development = files.filter((file) => /^(tests|bench|scripts|tools|notes-generator|platforms|packaging|dist\/tools)\//u.test(file) || /\.(ts|mts|map)$/u.test(file));
  expect(development).toEqual([]);
});

it('npx -p ./charcount-lab-VERSION.tgz charcount-check --help works from an empty folder', () => {
  const empty = mkdtempSync(join(folder, 'empty-'));
  const run = spawnSync('npx', ['--yes', '-p', tarball, 'charcount-check', '--help'], { cwd: empty, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_cache: join(folder, 'npm-cache') } });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^usage:\n {2}charcount-check /u);
}, 300_000);

it("every file a packed program requires is in the package: charcount-grade and --submission load intake/, which a hand-written list once left out", () => {
  const packed = new Set(files);
  const missing = files
    .filter((file) => file.startsWith('dist/') && file.endsWith('.js'))
    .flatMap((file) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const required = [...source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/gu)].map((match) => posix.join(posix.dirname(file), match[1]!));
      return required.filter((target) => !packed.has(`${target}.js`) && !packed.has(target) && !packed.has(`${target}/index.js`)).map((target) => `${file} -> ${target}`);
    });
  expect(missing).toEqual([]);
});
