/**
 * How long the checker's own process went without running while it was sending: on a busy
 * machine it can be descheduled for longer than a server's quiet period, and a message it
 * handed over in one go then reaches the server with a gap in the middle.
 */
const TICK_MS = 10;

/** Starts watching; the returned function stops and gives the longest gap between ticks, in ms. */
export function watchEventLoopLag(): () => number {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, TICK_MS);
  return () => {
    clearInterval(timer);
    return Math.max(longest, performance.now() - last);
  };
}
