/**
 * At most `limit` tasks at once, the others waiting their turn in order: the checks started
 * together by it.concurrent share a 2-core machine, and each checker's timing (a 300 ms quiet
 * time, 3 s reply limits) must not suffer from too many of them at once.
 */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finished task hands its slot straight to the next in line, so `active` never passes the limit.
    if (active < limit) active++;
    else await new Promise<void>((turn) => waiting.push(turn));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
