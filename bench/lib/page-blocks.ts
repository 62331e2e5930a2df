/**
 * The generated blocks of lab-notes/performance.md, rendered from a results file: its
 * tables, its lists of figures and its chart. Pure: `npm run bench` writes them after a run,
 * and notes-generator/sources/performance.ts renders them again from the committed
 * bench/results/latest.json, so `npm run notes:check` verifies the page without re-running the bench.
 */
import { checkBreakdownTable, checkSetupNotes, checkTimesTable } from './check-report';
import { num } from './format';
import { ACCELERATION, PEER_LABELS } from './peer-labels';
import type { BenchResults } from './results';
import { machineTable, modesTable, naiveMistakes, scenarioTables, summaryTable, syscallTable, targetsTable } from './tables';

/** Where the chart is, from lab-notes/. */
export const CHART_LINK = '../bench/results/performance.svg';

const BLOCKS = {
  'performance-modes': (r: BenchResults) => `${modesTable(r)}\n\n${memoryBounds(r)}`,
  'performance-summary': summaryTable,
  'performance-chart': () => `![Throughput relative to the C epoll server in the same run](${CHART_LINK})`,
  'performance-targets': targetsTable,
  'performance-naive': naiveMistakes,
  'performance-scenarios': scenarioTables,
  'performance-syscalls': syscallTable,
  'performance-checker': checkerTables,
  'performance-machine': machineTable,
} satisfies Record<string, (results: BenchResults) => string>;

export type PerformanceBlock = keyof typeof BLOCKS;
export const PERFORMANCE_BLOCKS = Object.keys(BLOCKS) as PerformanceBlock[];

export function renderPerformanceBlocks(results: BenchResults): Map<PerformanceBlock, string> {
  return new Map(PERFORMANCE_BLOCKS.map((name) => [name, BLOCKS[name](results)]));
}

/** Each mode's RSS growth on the huge message against its bound, one line each. */
function memoryBounds(results: BenchResults): string {
  const size = results.settings.bigMessageBytes >= 1024 ** 3 ? `${results.settings.bigMessageBytes / 1024 ** 3} GiB` : `${results.settings.bigMessageBytes / 1024 ** 2} MiB`;
  const lines = (['ours', 'ours-on'] as const).flatMap((peer) => {
    const t = results.targets.find((x) => x.id === `big-rss-growth-${ACCELERATION[peer]}`);
    if (!t) return [];
    const verdict = t.pass === null ? 'not measured' : t.pass ? 'met' : '**missed**';
    return [`- ${PEER_LABELS[peer]}: RSS grew ${t.value === null ? '(not measured)' : `${num(t.value)} MB`} on the ${size} message (worst run); bound ${t.bound} MB: ${verdict}.`];
  });
  return lines.join('\n') || '- The huge message was not measured in this run.';
}

function checkerTables(results: BenchResults): string {
  const checks = results.checks ?? [];
  if (checks.length === 0) return '_Not measured in this run (`npm run bench -- --only checker` measures it)._';
  return `${checkTimesTable(checks)}\n\n${checkBreakdownTable(checks)}\n\n${checkSetupNotes(checks, results.machine.logicalCpus)}`;
}
