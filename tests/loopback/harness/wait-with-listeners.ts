/**
 * Waits until `settle` ends the wait (it resolves or rejects, and returns true), checking at
 * once and again whenever one of `listeners` fires; rejects with `timedOut()` after `timeoutMs`.
 * The one waiting loop behind ServerProcess.waitForLine and WireClient's waits.
 */
export function waitWithListeners<T>(
  listeners: Set<() => void>,
  settle: (resolve: (value: T) => void, reject: (error: Error) => void) => boolean,
  timeoutMs: number,
  timedOut: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (settle(resolve, reject)) return;
    const listener = (): void => {
      if (settle(resolve, reject)) finish();
    };
    const timer = setTimeout(() => {
      finish();
      reject(timedOut());
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      listeners.delete(listener);
    };
    listeners.add(listener);
  });
}
