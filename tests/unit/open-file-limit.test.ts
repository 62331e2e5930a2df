/**
 * MAX_CONNECTIONS against the open-file limit, as Redis does with maxclients: the connections
 * the server keeps, the one log line when a low limit lowers them, and the limit as this
 * machine reports it (/proc/self/limits, or `ulimit -n` in a child shell).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CONNECTIONS } from '../../protocol';
import { fitConnectionsToOpenFileLimit, readOpenFileLimit } from '../../server/open-file-limit';
import { ROOT } from '../support/paths';


/** `ulimit -n` as a shell started by this process sees it. */
function shellLimit(): number {
  return Number(execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
}

describe('fitting MAX_CONNECTIONS to the open-file limit', () => {
  it('keeps the requested connections when the limit is unknown or unlimited', () => {
    expect(fitConnectionsToOpenFileLimit(DEFAULT_MAX_CONNECTIONS, undefined)).toEqual({ maxConnections: 10_000 });
    expect(fitConnectionsToOpenFileLimit(DEFAULT_MAX_CONNECTIONS, Number.POSITIVE_INFINITY)).toEqual({ maxConnections: 10_000 });
  });

  it('keeps them, with no log line, when the limit leaves 32 files besides them', () => {
    expect(fitConnectionsToOpenFileLimit(10_000, 10_032)).toEqual({ maxConnections: 10_000 });
    expect(fitConnectionsToOpenFileLimit(10_000, 1_048_576)).toEqual({ maxConnections: 10_000 });
  });

  it('serves one fewer when the limit is one file short', () => {
    expect(fitConnectionsToOpenFileLimit(10_000, 10_031).maxConnections).toBe(9_999);
  });

  it('says in one line what it found, what was requested and used, and how to raise the limit', () => {
    expect(fitConnectionsToOpenFileLimit(10_000, 256)).toEqual({
      maxConnections: 224,
      warning:
        'open-file limit (ulimit -n) is 256, too low for MAX_CONNECTIONS=10000: serving at most 224 connections, ' +
        'keeping 32 open files for the server itself; to serve 10000, raise the limit to 10032 ' +
        '(ulimit -n 10032 before starting, docker run --ulimit nofile=10032, or compose ulimits: { nofile: 10032 })',
    });
  });

  it.each([
    { limit: 1024, used: 992 },
    { limit: 33, used: 1 },
    { limit: 20, used: 1 },
  ])('a limit of $limit serves $used connections', ({ limit, used }) => {
    const fitted = fitConnectionsToOpenFileLimit(DEFAULT_MAX_CONNECTIONS, limit);
    expect(fitted.maxConnections).toBe(used);
    expect(fitted.warning).toContain(`is ${limit}, too low for MAX_CONNECTIONS=10000: serving at most ${used} connections`);
  });
});

describe('reading the open-file limit', () => {
  it('is unknown on Windows', () => {
    expect(readOpenFileLimit('win32')).toBeUndefined();
  });

  describe.skipIf(process.platform === 'win32')('on this machine', () => {
    it('reads the limit `ulimit -n` reports', () => {
      expect(readOpenFileLimit()).toBe(shellLimit());
    });

    it('reads the same limit the macOS way, from `ulimit -n` in a child shell', () => {
      expect(readOpenFileLimit('darwin')).toBe(shellLimit());
    });

    it('a process started under `ulimit -n 256` reads 256 and would serve 224 connections', () => {
      const script =
        "const { fitConnectionsToOpenFileLimit, readOpenFileLimit } = require('./server/open-file-limit.ts');" +
        'const limit = readOpenFileLimit();' +
        'process.stdout.write(JSON.stringify({ limit, ...fitConnectionsToOpenFileLimit(10000, limit) }));';
      const output = execFileSync('/bin/sh', ['-c', 'ulimit -n 256 && exec "$0" -r ts-node/register -e "$1"', process.execPath, script], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      const seen = JSON.parse(output) as { limit: number; maxConnections: number; warning: string };
      expect(seen.limit).toBe(256);
      expect(seen.maxConnections).toBe(224);
      expect(seen.warning).toMatch(/^open-file limit \(ulimit -n\) is 256, too low for MAX_CONNECTIONS=10000: serving at most 224 connections/);
    });
  });
});
