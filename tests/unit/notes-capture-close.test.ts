/**
 * A capture block where the server acknowledged the client's FIN on its own before its FIN+ACK
 * (a loaded machine: the kernel's delayed ACK came before the server's close) is the same close
 * as the committed one, for notes:check; any other difference in the packets still counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceOf } from '../../notes-generator/block-sources';
import { findGeneratedBlocks } from '../../notes-generator/generated-blocks';
import { normalizeBlockText } from '../../notes-generator/normalize';
import { ROOT } from '../support/paths';

const PAGE = 'lab-notes/answer-key.md';
const committed = findGeneratedBlocks(readFileSync(join(ROOT, PAGE), 'utf8'), PAGE).find((block) => block.name === 'capture-1500-bytes')!.text;
const compared = (text: string): string => normalizeBlockText(sourceOf('capture-1500-bytes')!.normalize!('capture-1500-bytes', text));

/** The committed block as a run whose server sent a bare ACK of the client's FIN first: one packet more. */
function withSeparateAckOfFin(text: string): string {
  const [, closeRow] = /^( *\d+ +[\d.]+ +server → client +FIN\+ACK +(\d+) +(\d+) +0)$/m.exec(text)!;
  const ack = closeRow!.replace(/^( *)\d+/, '$1 9').replace('FIN+ACK', 'ACK    ');
  let row = 0;
  return text
    .replace(closeRow!, `${ack}\n${closeRow}`)
    .split('\n')
    .map((line) => line.replace(/^( *)\d+( +[\d.]+ +(?:client|server) → )/, (_m, indent: string, rest: string) => `${indent}${++row}${rest}`))
    .join('\n')
    .replace(/\b(\d+)( packets captured| packets received by filter| TCP packets in )/g, (_m, count: string, what: string) => `${Number(count) + 1}${what}`);
}

describe('notes:check on a capture of the close', () => {
  it('the committed block shows the server closing with one FIN+ACK', () => {
    expect(committed).toMatch(/server → client +FIN\+ACK/);
    expect(committed).not.toMatch(/server → client +ACK +\d+ +\d+ +0\n *\d+ +[\d.]+ +server → client +FIN\+ACK/);
  });

  it('a run whose server acknowledged the FIN separately matches it', () => {
    const fresh = withSeparateAckOfFin(committed);
    expect(fresh).toMatch(/11 TCP packets in 1 connection/);
    expect(compared(fresh)).toBe(compared(committed));
  });

  it('a run with another extra packet still differs', () => {
    const fresh = withSeparateAckOfFin(committed).replace(/server → client( +)ACK( +\d+ +\d+ +0\n *\d+ +[\d.]+ +server → client +FIN\+ACK)/, 'client → server$1ACK$2');
    expect(compared(fresh)).not.toBe(compared(committed));
  });
});
