/**
 * The shutdown ladder's SIGTERM row lands between whichever pieces of the message the signal
 * came between, which depends on the machine's load: notes:check compares the block without it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceOf } from '../../notes-generator/block-sources';
import { findGeneratedBlocks } from '../../notes-generator/generated-blocks';
import { normalizeBlockText } from '../../notes-generator/normalize';
import { ROOT } from '../support/paths';

const PAGE = 'lab-notes/analysis.md';
const BLOCK = 'ladder-shutdown';
const committed = findGeneratedBlocks(readFileSync(join(ROOT, PAGE), 'utf8'), PAGE).find((block) => block.name === BLOCK)!.text;
const compared = (text: string): string => normalizeBlockText(sourceOf(BLOCK)!.normalize!(BLOCK, text));
const SIGTERM_ROW = /^\| \| [\d.]+ \|.*\*\*SIGTERM .*\n/m;

describe('notes:check on the shutdown ladder', () => {
  it('the committed block shows the SIGTERM as a row of its table', () => {
    expect(committed).toMatch(SIGTERM_ROW);
  });

  it('a run whose SIGTERM landed a piece later matches it', () => {
    const row = SIGTERM_ROW.exec(committed)![0];
    const without = committed.replace(row, '');
    const later = without.replace(/^(\| \d+ \| [\d.]+ \| client → server \| PSH\+ACK \| 21 \|.*\n)/m, `${row}$1`);
    expect(later).not.toBe(committed);
    expect(compared(later)).toBe(compared(committed));
  });

  it('a run with another segment still differs', () => {
    expect(compared(committed.replace('"um shutdow"', '"um shutdown"'))).not.toBe(compared(committed));
  });
});
