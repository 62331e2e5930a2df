/**
 * `npm run notes:check` on a copy of the committed notes: it passes as they are, and fails,
 * naming the block and showing the difference, when a generated block is edited by hand or
 * an Indonesian page shows a block's header in English.
 * Only the characters table is regenerated (a loopback server and python3, a few seconds);
 * the full check runs in `npm test` after vitest.
 */
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratchSubdir, useLoopbackHarness } from './harness';

useLoopbackHarness();

const CJK_ROW = /^\| CJK \| 日本語 \| U\+65E5 U\+672C U\+8A9E \| 9 \| 3 \|/m;

interface CheckRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function notesCheck(notesDir: string, only: string): Promise<CheckRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', 'notes-generator/check.ts', '--notes-dir', notesDir, '--only', only], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function copyOfNotes(): string {
  const dir = scratchSubdir('notes-');
  cpSync(join(ROOT, 'lab-notes'), dir, { recursive: true });
  return dir;
}

function edit(file: string, pattern: RegExp, replace: (match: string) => string): void {
  const text = readFileSync(file, 'utf8');
  expect(text, `${file} has no ${pattern}`).toMatch(pattern);
  writeFileSync(file, text.replace(pattern, replace));
}

/** Each run starts ts-node on the generator: seconds on a quiet machine, far more on a loaded one. */
const RUN_LIMIT_MS = 120_000;

describe('notes:check', { timeout: RUN_LIMIT_MS }, () => {
  it('passes on the committed notes, and on notes whose hand-written prose changed', async () => {
    const notes = copyOfNotes();
    edit(join(notes, 'analysis.md'), /^## 3\. What is a character$/m, (heading) => `${heading}, edited by hand`);
    const run = await notesCheck(notes, 'characters-table');
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^notes:check: all 2 generated blocks in \d+ pages match a fresh run of the lab/m);
  });

  it('fails, naming the page, the block and the changed line, when a generated block is edited by hand', async () => {
    const notes = copyOfNotes();
    edit(join(notes, 'analysis.md'), CJK_ROW, (row) => row.replace(/\| 9 \| 3 \|$/, '| 9 | 4 |'));
    const run = await notesCheck(notes, 'characters-table');
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/analysis\.md:\d+: block "characters-table" differs from a fresh run \(- committed, \+ fresh\):/);
    expect(run.stdout).toMatch(/^- \| CJK \| 日本語 \| U\+65E5 U\+672C U\+8A9E \| 9 \| 4 \|/m);
    expect(run.stdout).toMatch(/^\+ \| CJK \| 日本語 \| U\+65E5 U\+672C U\+8A9E \| 9 \| 3 \|/m);
    expect(run.stdout).toMatch(/^notes:check: 1 of 2 blocks differ from a fresh run of the lab .*run npm run notes:generate/m);
    expect(run.stdout).not.toMatch(/id\/analysis\.md:\d+: block/);
  });

  it('fails when the Indonesian page\'s copy of a block is edited, though it is never translated by hand', async () => {
    const notes = copyOfNotes();
    edit(join(notes, 'id', 'analysis.md'), CJK_ROW, (row) => row.replace(/\| 9 \| 3 \|$/, '| 9 | 4 |'));
    const run = await notesCheck(notes, 'characters-table');
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/id\/analysis\.md:\d+: block "characters-table" differs from a fresh run/);
  });

  it('fails when the Indonesian page shows a block\'s table header in English: each page shows captions and headers in its own language', async () => {
    const notes = copyOfNotes();
    const english = /^\| text \| shown \| code points \|.*$/m.exec(readFileSync(join(notes, 'analysis.md'), 'utf8'))![0];
    edit(join(notes, 'id', 'analysis.md'), /^\| teks \| tampilan \| titik kode \|.*$/m, () => english);
    const run = await notesCheck(notes, 'characters-table');
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/id\/analysis\.md:\d+: block "characters-table" differs from a fresh run/);
    expect(run.stdout).toMatch(/^\+ \| teks \| tampilan \| titik kode \| byte UTF-8 \|/m);
    expect(run.stdout).toMatch(/^notes:check: 1 of 2 blocks differ/m);
  });

  it('fails before running anything when a page names a block that does not exist', async () => {
    const notes = copyOfNotes();
    edit(join(notes, 'analysis.md'), /<!-- generated:characters-table -->/, () => '<!-- generated:characters-tabel -->');
    const run = await notesCheck(notes, 'characters-table');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/analysis\.md:\d+: unknown block "characters-tabel"/);
  });
});
