/** What a bench run ran on and what it measured: the CPUs it may use, the commit, the machine. */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { ROOT, toolVersion } from './peers';
import type { BenchResults } from './results';

/** CPUs this process may run on (taskset -cp), or null without taskset. */
export function allowedCpus(): number[] | null {
  const result = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  const list = result.stdout.split(':').pop()!.trim();
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (b ?? a); c++) cpus.push(c);
  }
  return cpus;
}

/** The commit measured, and which of the sources measured (these paths) differed from it. */
export function sourceVersion(paths: string[]): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--', ...paths], { cwd: ROOT, encoding: 'utf8' });
  // Porcelain lines are "XY path" (or "XY from -> to" for a rename).
  const files = dirty.stdout.split('\n').filter((line) => line.length > 3).flatMap((line) => line.slice(3).split(' -> '));
  const changed = paths.filter((path) => files.some((file) => file.startsWith(path)));
  return `${head.stdout.trim()}${changed.length > 0 ? ` with uncommitted changes in ${changed.join(', ')}` : ''}`;
}

export function machineDescription(pinning: string): BenchResults['machine'] {
  const cpuList = cpus();
  return {
    source: sourceVersion(['server/', 'protocol/', 'accelerators/']),
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    logicalCpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    kernel: `${process.platform} ${release()}`,
    node: process.version,
    python: toolVersion('python3', ['--version']) ?? null,
    gcc: toolVersion('gcc', ['--version']) ?? null,
    pinning,
    loadAverageAtStart: loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

