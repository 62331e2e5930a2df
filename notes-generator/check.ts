import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { produceBlocks, sourceOf } from './block-sources';
import { replaceGeneratedBlocks } from './generated-blocks';
import { diagramFileProblems } from './ladders/diagram-files';
import { lineDiff } from './line-diff';
import { normalizeBlockText } from './normalize';
import { notesRun, notesUsage, parseNotesCommandLine, REPOSITORY_ROOT, runNotesCommand } from './notes-command-line';
import { blockForPage, readNotesPages } from './notes-pages';
import { structuralProblems } from './notes-structure';
import { proseQuoteProblems } from './prose-quotes';

const COMMAND = 'notes:check';

function normalizedFor(block: string, text: string): string {
  const source = sourceOf(block);
  return normalizeBlockText(source?.normalize ? source.normalize(block, text) : text);
}

runNotesCommand(COMMAND, async () => {
  const commandLine = parseNotesCommandLine(process.argv.slice(2));
  if (commandLine.help) {
    process.stdout.write(
      `${notesUsage(COMMAND, 'Runs the real lab again and fails when a generated block of the notes differs from the fresh output\n(after normalizing times, ports, addresses and durations), naming the block and showing the difference.')}\n`,
    );
    return 0;
  }
  const started = performance.now();
  const pages = readNotesPages(commandLine.notesDir);
  const problems = [...structuralProblems(pages, commandLine.only), ...proseQuoteProblems(pages), ...diagramFileProblems(pages, commandLine.notesDir)];
  if (problems.length > 0) throw new Error(`the notes are not in order (nothing was run yet):\n${problems.join('\n')}`);

  const shownBlocks = new Set(pages.flatMap((page) => page.blocks.map((block) => block.name)));
  const wanted = commandLine.only ?? shownBlocks;
  // The fresh copy exists before the run: files the blocks link to (diagrams) are written into it, never over the committed ones.
  const freshDir = mkdtempSync(join(tmpdir(), 'charcount-notes-'));
  cpSync(commandLine.notesDir, freshDir, { recursive: true });
  const fresh = await produceBlocks(notesRun(COMMAND, freshDir), new Set([...wanted].filter((name) => shownBlocks.has(name)))).catch((error: Error) => {
    rmSync(freshDir, { recursive: true, force: true });
    throw error;
  });
  const differences: string[] = [];
  let compared = 0;
  for (const { page, markdown, blocks } of pages) {
    const expected = new Map<string, string>();
    for (const block of blocks) {
      const text = fresh.get(block.name);
      if (text === undefined) continue;
      expected.set(block.name, blockForPage(text, page));
      compared++;
      const committed = normalizedFor(block.name, block.text);
      const regenerated = normalizedFor(block.name, expected.get(block.name)!);
      if (committed !== regenerated) {
        const fromRoot = relative(REPOSITORY_ROOT, commandLine.notesDir);
        const shownDir = fromRoot === '' || fromRoot.startsWith('..') ? commandLine.notesDir : fromRoot;
        differences.push(`${shownDir}/${page}:${block.line}: block "${block.name}" differs from a fresh run (- committed, + fresh):\n${lineDiff(committed, regenerated)}`);
      }
    }
    writeFileSync(join(freshDir, page), replaceGeneratedBlocks(markdown, page, expected));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (differences.length > 0) {
    process.stdout.write(`${differences.join('\n\n')}\n\n`);
    process.stdout.write(
      `${COMMAND}: ${differences.length} of ${compared} blocks differ from a fresh run of the lab (${seconds} s); the fresh pages are in ${freshDir}. ` +
        'If the change is intended, run npm run notes:generate and commit the notes; never edit a generated block by hand.\n',
    );
    return 1;
  }
  rmSync(freshDir, { recursive: true, force: true });
  process.stdout.write(`${COMMAND}: all ${compared} generated blocks in ${pages.length} pages match a fresh run of the lab (${seconds} s)\n`);
  return 0;
});
