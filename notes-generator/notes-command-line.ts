import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_BLOCKS } from './block-sources';
import type { NotesRun } from './block-source';

export const REPOSITORY_ROOT = resolve(__dirname, '..');

export interface NotesCommandLine {
  notesDir: string;
  only: Set<string> | undefined;
  help: boolean;
}

class NotesUsageError extends Error {}

export function parseNotesCommandLine(args: string[]): NotesCommandLine {
  let values: { 'notes-dir'?: string; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { 'notes-dir': { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new NotesUsageError(`${(error as Error).message}; see --help`);
  }
  let only: Set<string> | undefined;
  if (values.only !== undefined) {
    only = new Set(values.only.split(',').map((name) => name.trim()).filter(Boolean));
    const unknown = [...only].filter((name) => !ALL_BLOCKS.includes(name));
    if (unknown.length > 0) throw new NotesUsageError(`unknown block ${unknown.join(', ')}; the blocks are: ${ALL_BLOCKS.join(', ')}`);
  }
  return { notesDir: resolve(values['notes-dir'] ?? resolve(REPOSITORY_ROOT, 'lab-notes')), only, help: values.help ?? false };
}

export function notesUsage(command: string, what: string): string {
  return [
    `Usage: npm run ${command} -- [--only BLOCK,...] [--notes-dir DIR]`,
    '',
    what,
    '',
    '  --only BLOCK,...  only these blocks (and only the runs they need)',
    '  --notes-dir DIR   the notes to work on (default lab-notes/)',
    '',
    `Blocks: ${ALL_BLOCKS.join(', ')}`,
  ].join('\n');
}

export function notesRun(command: string, filesDir: string): NotesRun {
  return { root: REPOSITORY_ROOT, filesDir, progress: (line) => process.stderr.write(`${command}: ${line}\n`) };
}

/** Runs a notes command: one line on stderr and exit 2 for usage errors, 1 for anything else. */
export function runNotesCommand(command: string, main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      process.exitCode = error instanceof NotesUsageError ? 2 : 1;
    },
  );
}
