import type { BlockSource, NotesRun, Translated } from './block-source';
import { checkerBlocks } from './sources/checker';
import { classicBlocks } from './sources/classic';
import { containerBlocks } from './sources/containers';
import { ladderBlocks } from './sources/ladders';
import { loopbackBlocks } from './sources/loopback';
import { performanceBlocks } from './sources/performance';
import { socketLifecycleBlocks } from './sources/socket-lifecycle';

const BLOCK_SOURCES: readonly BlockSource[] = [socketLifecycleBlocks, loopbackBlocks, classicBlocks, checkerBlocks, ladderBlocks, containerBlocks, performanceBlocks];

export function sourceOf(block: string): BlockSource | undefined {
  return BLOCK_SOURCES.find((source) => source.blocks.includes(block));
}

/** Runs the sources that produce `only` (every source without it), one after another. */
export async function produceBlocks(run: NotesRun, only?: ReadonlySet<string>): Promise<Map<string, Translated>> {
  const produced = new Map<string, Translated>();
  for (const source of BLOCK_SOURCES) {
    if (only && !source.blocks.some((block) => only.has(block))) continue;
    const started = performance.now();
    run.progress(`${source.title}: ${source.blocks.length} blocks`);
    const wanted = new Set(source.blocks.filter((block) => !only || only.has(block)));
    const texts = await source.produce(run, wanted);
    for (const block of wanted) {
      const text = texts.get(block);
      if (text === undefined) throw new Error(`${source.title} did not produce block "${block}"`);
      produced.set(block, text);
    }
    run.progress(`${source.title}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return produced;
}

export const ALL_BLOCKS: readonly string[] = BLOCK_SOURCES.flatMap((source) => source.blocks);
