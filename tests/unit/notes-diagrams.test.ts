/**
 * The ladder diagrams in lab-notes/diagrams/ against the blocks that show them: the committed
 * ones draw exactly their blocks' tables, both languages link the same files, and notes:check
 * (which runs this before anything else) names a diagram edited by hand, one missing, and one
 * no block shows.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagramFileProblems, svgSegments } from '../../notes-generator/ladders/diagram-files';
import { readNotesPages } from '../../notes-generator/notes-pages';
import { ladderBlocks } from '../../notes-generator/sources/ladders';

const NOTES = join(resolve(__dirname, '..', '..'), 'lab-notes');
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copyOfNotes(): string {
  const dir = mkdtempSync(join(tmpdir(), 'charcount-diagrams-'));
  copies.push(dir);
  cpSync(NOTES, dir, { recursive: true });
  return dir;
}

describe('the notes\' ladder diagrams', () => {
  it('are drawn segment for segment as their blocks list them, on the English and the Indonesian page', () => {
    expect(diagramFileProblems(readNotesPages(NOTES), NOTES)).toEqual([]);
    for (const block of ladderBlocks.blocks) {
      const shownOn = readNotesPages(NOTES).filter((page) => page.blocks.some((shown) => shown.name === block && shown.text.includes(`diagrams/${block}.svg)`)));
      expect(shownOn.map((page) => page.page), block).toEqual(['analysis.md', 'id/analysis.md']);
      expect(svgSegments(readFileSync(join(NOTES, 'diagrams', `${block}.svg`), 'utf8')).length, block).toBeGreaterThanOrEqual(8);
    }
  });

  it('fail the check, naming page, block, file and segment, when a diagram is edited by hand', () => {
    const notes = copyOfNotes();
    const file = join(notes, 'diagrams', 'ladder-one-message.svg');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(data-packet="4" [^>]*data-len=")11"/, '$112"'));
    const problems = diagramFileProblems(readNotesPages(notes), notes);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^analysis\.md:\d+: block "ladder-one-message" and diagrams\/ladder-one-message\.svg disagree at segment 4: the table has client → server PSH\+ACK seq=1 ack=1 len=11, the diagram client → server PSH\+ACK seq=1 ack=1 len=12; run npm run notes:generate -- --only ladder-one-message/,
    );
    expect(problems[1]).toMatch(/^id\/analysis\.md:\d+: block "ladder-one-message" and diagrams\/ladder-one-message\.svg disagree at segment 4/);
  });

  it('fail the check when a diagram is missing, or left over with no block showing it', () => {
    const notes = copyOfNotes();
    rmSync(join(notes, 'diagrams', 'ladder-reset.svg'));
    writeFileSync(join(notes, 'diagrams', 'old.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(diagramFileProblems(readNotesPages(notes), notes)).toEqual([
      expect.stringMatching(/^analysis\.md:\d+: block "ladder-reset" shows diagrams\/ladder-reset\.svg, which does not exist; run npm run notes:generate -- --only ladder-reset$/),
      expect.stringMatching(/^id\/analysis\.md:\d+: block "ladder-reset" shows diagrams\/ladder-reset\.svg, which does not exist/),
      'diagrams/old.svg: no generated block shows it; delete it, or add the block that draws it',
    ]);
  });
});
