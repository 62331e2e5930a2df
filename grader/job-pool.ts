/**
 * At most `jobs` submissions at once, taken in order. Once the signal aborts (Ctrl-C), or a
 * job throws (Docker went away), no job starts; the pool settles only when every job that
 * started has ended, so cleanup never races a job still creating containers.
 */
export async function runPool<T>(items: readonly T[], jobs: number, job: (item: T) => Promise<void>, signal: AbortSignal): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (!signal.aborted && failure === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await job(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
