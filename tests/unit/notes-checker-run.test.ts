/**
 * The checker's run against the classic program: how its crash on a cut character ends the
 * client (a FIN or an RST, before or after the client's FIN) is a race, which notes:check reads
 * as "no reply" in both languages; any other change to the trace still counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceOf } from '../../notes-generator/block-sources';
import { findGeneratedBlocks } from '../../notes-generator/generated-blocks';
import { normalizeBlockText } from '../../notes-generator/normalize';
import { ROOT } from '../support/paths';

const BLOCK = 'checker-classic-run';
const blockOf = (page: string): string => findGeneratedBlocks(readFileSync(join(ROOT, page), 'utf8'), page).find((block) => block.name === BLOCK)!.text;
const compared = (text: string): string => normalizeBlockText(sourceOf(BLOCK)!.normalize!(BLOCK, text));

describe('notes:check on the checker run against the classic program', () => {
  it('an RST after the client half-closed reads as the committed FIN (English)', () => {
    const committed = blockOf('lab-notes/write-your-server.md');
    const closedAtOnce = /^( +\d+\. client 1: )the server closed the connection at once, so the client did not half-close\n( +\d+\. client 1: )the server closed the connection without a reply \(/m;
    expect(committed).toMatch(closedAtOnce);
    const fresh = committed
      .replace(closedAtOnce, '$1half-closed its side (sent FIN), still reading\n$2the server reset the connection (RST) (')
      .replace('but got the server closed the connection without a reply', 'but got a reset (RST) and no reply');
    expect(fresh).not.toBe(committed);
    expect(compared(fresh)).toBe(compared(committed));
  });

  it('an RST reads as the committed FIN (Indonesian)', () => {
    const committed = blockOf('lab-notes/id/write-your-server.md');
    const fresh = committed.replaceAll('server langsung menutup koneksi, jadi client tidak melakukan half-close', 'server langsung me-reset koneksi, jadi client tidak melakukan half-close');
    expect(fresh).not.toBe(committed);
    expect(compared(fresh)).toBe(compared(committed));
  });

  it('a reply where there was none still differs', () => {
    const committed = blockOf('lab-notes/write-your-server.md');
    const fresh = committed.replace(/the server closed the connection without a reply \(/, 'received 47 bytes "Jumlah karakter dalam kalimat tersebut adalah 7", then the server closed the connection (');
    expect(compared(fresh)).not.toBe(compared(committed));
  });
});
