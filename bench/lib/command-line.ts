/** npm run bench's command line: its options, their usage text, and the mistakes a user can make in them. */
import { parseArgs } from 'node:util';
import { CHECK_GROUP, CHECKS } from './checks';
import type { PeerId } from './peer-labels';
import { SCENARIOS } from './scenarios';

export const PEER_IDS: PeerId[] = ['ours', 'ours-on', 'ours-2w', 'c', 'python', 'naive', 'naive-nodelay', 'sink'];

export const USAGE = `Usage: npm run bench -- [options]

  --quick                 short runs, 1,000 idle connections, a 64 MiB message instead of 1 GiB, one run of each
                          check (about a minute and a half)
  --only IDS              scenarios to run, comma-separated: ${SCENARIOS.map((s) => s.id).join(',')}
                          and the checker group (${CHECK_GROUP}: all of ${CHECKS.map((c) => c.id).join(',')}), which times
                          charcount-check; checker scenarios alone (not --quick) are merged into bench/results/latest.json
                          and rewrite their blocks of lab-notes/performance.md
  --peers IDS             peers to run: ${PEER_IDS.join(',')} (ours is ACCELERATION=off, ours-on ACCELERATION=on)
  --runs N                measured runs per scenario and peer (median reported)
  --duration-ms MS        measured window per run
  --warmup-ms MS          warm-up before each window
  --load-workers N        load generator processes (C) and worker threads (Node) (default: one per CPU left after the server's)
  --no-pin                do not pin the server and the load generator to separate CPUs
  --enforce-targets       exit 1 when a target (issue 5's, or the checker's) is missed (otherwise reported only)
  --report-only           rewrite the chart and the generated blocks of lab-notes/performance.md (and id/) from
                          bench/results/latest.json (with --out FILE: print the tables of that results file instead)
  --syscalls / --no-syscalls  count syscalls per message with perf in one extra run (default: on in full runs)
  --ours-main FILE        run this compiled server as "ours" and "ours-on" instead of dist/server/main.js (A/B a change)
  --ours-workers N        run "ours-on" with --workers N in every scenario (needs --no-pin: pinning would put every
                          worker on one CPU); scenario 10 measures WORKERS=2 on a small machine instead
  --profile DIR           run our server with node --cpu-prof, profiles written to DIR (one per scenario)
  --out FILE              results file (default: bench/results/latest.json for a full run, quick.json otherwise)

A full run with every scenario and peer writes bench/results/latest.json, bench/results/performance.svg
and the generated blocks of lab-notes/performance.md; quick and partial runs write bench/results/quick.json
and print the tables.
Exit code 1: our server (or the C or Python peer) crashed, answered wrong or not at all, a charcount-check run
did not exit 0, or --enforce-targets failed.`;

/** A mistake on the command line: reported in one line with the fix, without a stack trace. */
export class UsageError extends Error {}

export function listFrom<T extends string>(option: string, value: string | undefined, known: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!known.includes(item as T)) throw new UsageError(`${option}: unknown name "${item}"; choose from ${known.join(', ')}`);
  }
  return items as T[];
}

export function parseCommandLine() {
  try {
    return parseOptions();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see npm run bench -- --help`);
  }
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      peers: { type: 'string' },
      runs: { type: 'string' },
      'duration-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      'load-workers': { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      'no-syscalls': { type: 'boolean', default: false },
      'enforce-targets': { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      profile: { type: 'string' },
      syscalls: { type: 'boolean' },
      'ours-main': { type: 'string' },
      'ours-workers': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  return values;
}

export function wholeNumber(option: string, value: string, smallest: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < smallest) throw new UsageError(`${option} must be a whole number from ${smallest}, got "${value}"`);
  return number;
}

/** --only, split into the server's scenarios and the checker group's (undefined: every one). */
export function selection(only: string | undefined): { scenarios?: string[]; checks: typeof CHECKS } {
  const checkIds = CHECKS.map((c) => c.id);
  const items = listFrom('--only', only, [...SCENARIOS.map((s) => s.id), ...checkIds, CHECK_GROUP]);
  if (items === undefined) return { checks: CHECKS };
  const wanted = items.includes(CHECK_GROUP) ? checkIds : items;
  return { scenarios: items.filter((id) => SCENARIOS.some((s) => s.id === id)), checks: CHECKS.filter((c) => wanted.includes(c.id)) };
}
