/**
 * The client's transcript text, without a server: the table a user reads, the summary in the
 * same words as the rows, message numbers named as ranges, and the lost-server explanations.
 */
import { describe, expect, it } from 'vitest';
import { explainLostServer } from '../../client/connect';
import type { RowResult, TranscriptRow } from '../../client/session';
import { formatSummary, nameMessages, summarize } from '../../client/transcript';
import { formatTable, wrap } from '../../client/transcript-table';

const INVALID = 'ERROR invalid UTF-8 at byte 3: byte 0xFF never appears in UTF-8; the message was not counted';

function row(index: number, result: RowResult, reply: string | null = result === 'unanswered' ? null : 'Jumlah karakter dalam kalimat tersebut adalah 4'): TranscriptRow {
  return {
    index,
    source: 'test.txt:1',
    preview: 'satu',
    bytes: 4,
    expected: '4',
    reply,
    ...(reply === null ? { problem: 'connection closed by the server' } : {}),
    rttMs: reply === null ? null : 1.5,
    ok: result === 'ok',
    result,
  };
}

describe('formatTable', () => {
  it('wraps a long reply at spaces under the reply column; joined back it is the whole reply', () => {
    const [header, first, ...rest] = formatTable([row(1, 'ok', INVALID)], 200);
    const column = header.indexOf('reply');
    expect(first).toMatch(/^1 {2}"satu"\s+4\s+4 {2}ERROR invalid UTF-8 at byte 3: byte 0xFF never\s+1\.5 {2}ok$/);
    expect(rest).toEqual([`${' '.repeat(column)}appears in UTF-8; the message was not counted`]);
    expect([first.slice(column).replace(/\s+1\.5 {2}ok$/, ''), rest[0].trim()].join(' ')).toBe(INVALID);
  });

  it('says MISMATCHED and UNANSWERED, the words of the summary', () => {
    const rows = [row(1, 'ok'), row(2, 'mismatched', 'Jumlah karakter dalam kalimat tersebut adalah 5'), row(3, 'unanswered')];
    const table = formatTable(rows, 200);
    expect(table.slice(1).map((line) => line.split(/\s+/).at(-1))).toEqual(['ok', 'MISMATCHED', 'UNANSWERED']);
    expect(table[3]).toContain('(connection closed by the server)');
    expect(formatSummary(summarize({ rows, connections: 1, notSent: 2, durationMs: 5 }))).toMatch(
      /^summary: 5 messages, 1 ok, 1 mismatched, 1 unanswered, 2 not sent, 1 connections, /,
    );
  });

  it('--max-rows 0: no rows and no header, one line counting what was left out', () => {
    const rows = [row(1, 'ok'), row(2, 'unanswered'), row(3, 'ok')];
    expect(formatTable(rows, 0)).toEqual(['(2 ok and 1 unanswered rows not shown; raise --max-rows to list them)']);
    expect(formatTable([row(1, 'ok')], 0)).toEqual(['(1 ok row not shown; raise --max-rows to list them)']);
  });

  it('more rows than --max-rows: at most that many rows, all of them not ok, in order', () => {
    const rows = [row(1, 'mismatched', 'x'), row(2, 'ok'), row(3, 'unanswered'), row(4, 'unanswered'), row(5, 'ok')];
    const table = formatTable(rows, 2);
    expect(table.slice(1, -1).map((line) => line.trim().split(/\s+/)[0])).toEqual(['1', '3']);
    expect(table.at(-1)).toBe('(2 ok and 1 unanswered rows not shown; raise --max-rows to list them)');
    expect(formatTable(rows, 5)).toHaveLength(6);
  });
});

describe('wrap', () => {
  it('cuts only past its line limit, ending the last line in "…", every line within the width', () => {
    const lines = wrap('word '.repeat(100), 20, 3);
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/…$/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(20);
  });

  it('splits a word longer than the width, and wraps a 1 MiB reply without looking past what it shows', () => {
    expect(wrap('a'.repeat(25), 10, 4)).toEqual(['aaaaaaaaaa', 'aaaaaaaaaa', 'aaaaa']);
    const started = performance.now();
    expect(wrap('ab '.repeat(350_000), 52, 4)).toHaveLength(4);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('nameMessages', () => {
  it('names single messages, pairs and ranges, and counts what is past the first 8 ranges', () => {
    expect(nameMessages([3])).toBe('message 3');
    expect(nameMessages([15, 3])).toBe('messages 3 and 15');
    expect(nameMessages([3, 4, 5, 15, 27])).toBe('messages 3-5, 15 and 27');
    expect(nameMessages([1, 3, 5, 7, 9, 11, 13, 15, 17, 18, 21])).toBe('messages 1, 3, 5, 7, 9, 11, 13, 15 and 3 more');
  });
});

describe('explainLostServer', () => {
  const address = { host: 'server', port: 12345 };
  it('a name that no longer resolves mid-run is a stopped container, not a typo in --host', () => {
    const text = explainLostServer(address, 'ENOTFOUND');
    expect(text).toBe("host name server no longer resolves (in compose: the server's container has stopped, docker compose ps shows it)");
    expect(explainLostServer(address, 'EAI_AGAIN')).toBe(text);
  });
  it('a refused connection mid-run says the server stopped or crashed', () => {
    expect(explainLostServer(address, 'ECONNREFUSED')).toBe('server:12345 now refuses connections (the server stopped or crashed)');
  });
});
