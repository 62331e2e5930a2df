/**
 * The compiled client's `run` transcript as a user reads it: long replies wrapped whole under
 * the reply column, --max-rows as a real limit, and the same words in rows and summary.
 */
import { describe, expect, it } from 'vitest';
import { LAB_SESSION, describeRun, runClient, sharedServer, startServer, useLoopbackHarness } from './harness';
import { at, lines, tableRows } from './client-output';

useLoopbackHarness();

describe('against the real server with default settings', () => {
  const server = sharedServer();

  it('an ERROR reply is printed whole, wrapped under the reply column, and the row still ends with its result', async () => {
    const run = await runClient(['run', LAB_SESSION, ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    const out = lines(run.stdout);
    const header = out.findIndex((line) => line.trimStart().startsWith('#  preview'));
    const replyColumn = out[header].indexOf('reply');
    const row = out.findIndex((line) => /^12\s+"harga \\xE2\\x82"/.test(line));
    expect(out[row], 'the row keeps every column').toMatch(/^12\s+"harga \\xE2\\x82"\s+8\s+ERROR@6\s+ERROR invalid UTF-8 at byte 6: .+\s[\d.]+\s+ok$/);
    const continuation: string[] = [];
    for (const line of out.slice(row + 1)) {
      if (/^\s*\d+\s+"/.test(line)) break;
      continuation.push(line);
    }
    expect(continuation.length).toBeGreaterThan(0);
    for (const line of continuation) expect(line.search(/\S/), 'continuation lines start under the reply column').toBe(replyColumn);
    const reply = [out[row].slice(replyColumn).replace(/\s+[\d.]+\s+ok$/, ''), ...continuation.map((line) => line.trim())].join(' ');
    expect(reply).toBe('ERROR invalid UTF-8 at byte 6: the message ends inside a 3-byte sequence that starts with 0xE2; the message was not counted');
  });

  it('--max-rows 0 lists no rows at all: one line says how many were left out, then the summary', async () => {
    const run = await runClient(['run', LAB_SESSION, '--concurrency', '2', '--max-rows', '0', ...at(server.current().port)]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(lines(run.stdout).slice(1)).toEqual([
      '(34 ok rows not shown; raise --max-rows to list them)',
      expect.stringMatching(/^summary: 34 messages, 34 ok, 0 mismatched, 10 connections, /),
    ]);
  });
});

describe('against a full server (--max-connections 2), as in task 12', () => {
  it('--max-rows 3 lists exactly 3 rows, all not ok, in the words the left-out line and the summary use; exit 1, the server still being there', async () => {
    const server = await startServer({ args: ['--max-connections', '2'] });
    const run = await runClient(['run', LAB_SESSION, '--concurrency', '6', '--max-rows', '3', ...at(server.port)]);
    expect(run.code, describeRun(run)).toBe(1);
    const rows = tableRows(run.stdout);
    expect(rows).toHaveLength(3);
    const listed = { mismatched: 0, unanswered: 0 };
    for (const row of rows) {
      const result = /\s(MISMATCHED|UNANSWERED)$/.exec(row)?.[1];
      expect(result, row).toBeDefined();
      listed[result!.toLowerCase() as keyof typeof listed]++;
    }
    const out = lines(run.stdout);
    const leftOut = /^\((\d+) ok, (\d+) mismatched and (\d+) unanswered rows not shown; raise --max-rows to list them\)$/.exec(out.at(-2) ?? '');
    expect(leftOut, out.at(-2)).not.toBeNull();
    const summary = /^summary: (\d+) messages, (\d+) ok, (\d+) mismatched, (\d+) unanswered, (\d+) not sent, /.exec(out.at(-1) ?? '');
    expect(summary, out.at(-1)).not.toBeNull();
    const [, messages, ok, mismatched, unanswered, notSent] = summary!.map(Number);
    expect(ok).toBe(Number(leftOut![1]));
    expect(mismatched).toBe(Number(leftOut![2]) + listed.mismatched);
    expect(unanswered).toBe(Number(leftOut![3]) + listed.unanswered);
    expect(messages).toBe(ok + mismatched + unanswered + notSent);
    expect(run.stdout, 'the ERROR sentence, whole, over two lines').toMatch(/ERROR server full: 2 connections already open;\s+[\d.]+\s+MISMATCHED\n\s+closing this one, try again later\n/);
    expect(run.stderr).toBe('');
  });
});
