/**
 * `--version` on every program: the package version, and the commit when this is a clone
 * (from git, with -dirty for uncommitted changes). Run from the sources, as `npm run check`
 * and friends run them; the bundle's baked-in version is tested in tests/checker/bundle.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asksForVersion } from '../../command-line/version';
import { ROOT } from '../support/paths';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const HEAD = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();

describe('--version', () => {
  it.each([
    ['charcount-check', 'checker/main.ts', ['--version']],
    ['charcount-grade', 'grader/main.ts', ['--version']],
    ['charcount-server', 'server/main.ts', ['--port', '1', '--version']],
    ['charcount-client', 'client/main.ts', ['--version']],
  ])('%s prints its name, the package version and the clone\'s commit, exit 0', (name, file, args) => {
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, file), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${name} ${VERSION.replaceAll('.', '\\.')} \\(commit ${HEAD}(-dirty)?\\)\\n$`, 'u'));
  });

  it('is asked for as an option anywhere before "--", not as a value after it', () => {
    expect(asksForVersion(['--version'])).toBe(true);
    expect(asksForVersion(['--level', 'protocol', '--version'])).toBe(true);
    expect(asksForVersion(['--', 'python3', 'server.py', '--version'])).toBe(false);
    expect(asksForVersion(['--versions'])).toBe(false);
    expect(asksForVersion([])).toBe(false);
  });
});
