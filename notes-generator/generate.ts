import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_BLOCKS, produceBlocks } from './block-sources';
import { replaceGeneratedBlocks } from './generated-blocks';
import { notesRun, notesUsage, parseNotesCommandLine, runNotesCommand } from './notes-command-line';
import { blockForPage, readNotesPages } from './notes-pages';
import { proseQuoteProblems } from './prose-quotes';

const COMMAND = 'notes:generate';

runNotesCommand(COMMAND, async () => {
  const commandLine = parseNotesCommandLine(process.argv.slice(2));
  if (commandLine.help) {
    process.stdout.write(`${notesUsage(COMMAND, 'Runs the real lab and rewrites every generated block of the notes with its output.')}\n`);
    return 0;
  }
  const pages = readNotesPages(commandLine.notesDir);
  const unknown = pages.flatMap(({ page, blocks }) => blocks.filter((block) => !ALL_BLOCKS.includes(block.name)).map((block) => `${page}:${block.line} "${block.name}"`));
  if (unknown.length > 0) throw new Error(`unknown generated blocks: ${unknown.join(', ')}; the blocks are: ${ALL_BLOCKS.join(', ')}`);

  const started = performance.now();
  const produced = await produceBlocks(notesRun(COMMAND, commandLine.notesDir), commandLine.only);
  let changedPages = 0;
  let writtenBlocks = 0;
  for (const { page, markdown, blocks } of pages) {
    const texts = new Map(blocks.filter((block) => produced.has(block.name)).map((block) => [block.name, blockForPage(produced.get(block.name)!, page)]));
    writtenBlocks += blocks.filter((block) => texts.has(block.name)).length;
    const updated = replaceGeneratedBlocks(markdown, page, texts);
    if (updated !== markdown) {
      writeFileSync(join(commandLine.notesDir, page), updated);
      changedPages++;
    }
  }
  const unused = [...produced.keys()].filter((name) => !pages.some((page) => page.blocks.some((block) => block.name === name)));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${COMMAND}: ${writtenBlocks} blocks written, ${changedPages} of ${pages.length} pages changed, in ${seconds} s\n`);
  if (unused.length > 0) {
    process.stderr.write(`${COMMAND}: no page shows ${unused.join(', ')}; add <!-- generated:NAME --> markers where they belong\n`);
    return 1;
  }
  // The blocks may now show other values than the prose around them quotes.
  const quotes = proseQuoteProblems(readNotesPages(commandLine.notesDir));
  if (quotes.length > 0) {
    process.stderr.write(`${COMMAND}: the prose no longer quotes its blocks right:\n${quotes.join('\n')}\n`);
    return 1;
  }
  return 0;
});
