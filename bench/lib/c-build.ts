/** The bench's C programs (the epoll peer, the load generator), compiled with gcc at bench time into a temp directory. */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the binaries go: outside the repository, one directory per user. */
export function defaultBuildDir(): string {
  return join(tmpdir(), `charcount-bench-${process.getuid?.() ?? 'user'}`);
}

export type Compiled = { binary: string } | { unavailable: string };

/** Compiles `source` (gcc -O2) into `buildDir`/`name`, or says why it cannot. */
export function compileC(source: string, buildDir: string, name: string, what: string): Compiled {
  const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (gcc.status !== 0) return { unavailable: `gcc not found: ${what} is skipped` };
  mkdirSync(buildDir, { recursive: true });
  const binary = join(buildDir, name);
  const built = spawnSync('gcc', ['-O2', '-Wall', '-o', binary, source], { encoding: 'utf8' });
  if (built.status !== 0) return { unavailable: `gcc failed, ${what} is skipped: ${built.stderr.trim().split('\n')[0]}` };
  return { binary };
}
