/**
 * --jobs: never more at once than asked, in order; Ctrl-C starts nothing new; a job that throws
 * stops the pool only once every job already started has ended.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runPool } from '../../grader/job-pool';

describe('runPool', () => {
  it('runs at most `jobs` at once and takes the items in order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await runPool(
      Array.from({ length: 9 }, (_, index) => index),
      3,
      async (item) => {
        started.push(item);
        most = Math.max(most, ++running);
        await sleep(5 + (item % 3) * 5);
        running--;
      },
      new AbortController().signal,
    );
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('starts nothing once the signal aborts, and waits for the jobs under way', async () => {
    const stop = new AbortController();
    const ended: number[] = [];
    await runPool([0, 1, 2, 3, 4], 2, async (item) => {
      if (item === 1) stop.abort();
      await sleep(10);
      ended.push(item);
    }, stop.signal);
    expect(ended.sort()).toEqual([0, 1]);
  });

  it('rethrows the first error after the jobs under way have ended, starting no more', async () => {
    const ended: number[] = [];
    const pool = runPool([0, 1, 2, 3], 2, async (item) => {
      if (item === 0) throw new Error('Docker went away');
      await sleep(20);
      ended.push(item);
    }, new AbortController().signal);
    await expect(pool).rejects.toThrow('Docker went away');
    expect(ended).toEqual([1]);
  });
});
