/**
 * How much of a wait the machine was short of CPU: Linux's pressure stall information
 * (/proc/pressure/cpu, "some": the time at least one runnable task waited for a CPU; it is
 * the whole machine's, inside a container too). On a starved machine (load 15 on 2 cores it
 * is over 95 % of the time) a correct server can take seconds to be given the CPU it needs for
 * a reply; a reply wait that counted that time would fail it for the machine's load. Reply
 * waits add this time back (lab-notes/checker.md, "A busy machine"). The checker's own event
 * loop is no measure of it: a sleeping process that wakes is given a CPU at once (measured:
 * its 10 ms ticks ran 17 ms late in all over 3 s at load 15). Where the file is missing (macOS,
 * Windows, a kernel without PSI) nothing is added.
 */
import { readFileSync } from 'node:fs';

const PRESSURE_FILE = '/proc/pressure/cpu';

export interface StarvedTime {
  /** Milliseconds since the watch began during which some task waited for a CPU. */
  ms(): number;
}

export function watchStarvedTime(): StarvedTime {
  const start = stalledMicroseconds();
  if (start === null) return { ms: () => 0 };
  return { ms: () => ((stalledMicroseconds() ?? start) - start) / 1000 };
}

/** The "some" line's total: microseconds since boot during which a runnable task waited. */
function stalledMicroseconds(): number | null {
  try {
    const total = /^some .*\btotal=(\d+)/m.exec(readFileSync(PRESSURE_FILE, 'latin1'))?.[1];
    return total === undefined ? null : Number(total);
  } catch {
    return null;
  }
}
