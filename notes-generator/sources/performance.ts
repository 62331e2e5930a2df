import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '../../bench/lib/chart';
import { PERFORMANCE_BLOCKS, renderPerformanceBlocks } from '../../bench/lib/page-blocks';
import type { BenchResults } from '../../bench/lib/results';
import { sameInEachLanguage, type BlockSource, type NotesRun, type Translated } from '../block-source';

const RESULTS = join('bench', 'results', 'latest.json');
const CHART = join('bench', 'results', 'performance.svg');

/**
 * lab-notes/performance.md's tables and chart, rendered from the committed results of the
 * last full `npm run bench` (running the bench here would take ten minutes and give other
 * numbers on every machine). The chart beside them must be the one those results draw.
 * The Indonesian page shows the same tables: they are the bench's own output, as
 * `npm run bench` prints and writes them (bench/lib/page.ts writes both pages).
 */
export const performanceBlocks: BlockSource = {
  title: `bench results (${RESULTS})`,
  blocks: PERFORMANCE_BLOCKS,
  async produce(run: NotesRun): Promise<Map<string, Translated>> {
    const results = JSON.parse(readFileSync(join(run.root, RESULTS), 'utf8')) as BenchResults;
    if (readFileSync(join(run.root, CHART), 'utf8') !== renderSvg(results)) {
      throw new Error(`${CHART} is not the chart ${RESULTS} draws; run npm run bench -- --report-only and commit both`);
    }
    return new Map([...renderPerformanceBlocks(results)].map(([name, text]) => [name, sameInEachLanguage(text)]));
  },
};
