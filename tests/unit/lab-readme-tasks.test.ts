/**
 * The lab's front page, in both languages, sends a student to the assignment first: its task
 * list starts with writing the server and checking it (the one-file checker first, then the
 * clone's ways), and the first command a student runs comes within 600 words of the top.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';

const PAGES = [
  { file: 'lab-notes/README.md', tasks: '## Your tasks' },
  { file: 'lab-notes/id/README.md', tasks: '## Tugas Anda' },
];

describe('the lab README\'s task list', () => {
  it.each(PAGES)('$file: the first task is the server, checked with charcount-check, within 600 words', ({ file, tasks }) => {
    const page = readFileSync(join(ROOT, file), 'utf8');
    const list = page.slice(page.indexOf(tasks));
    const firstTask = list.slice(0, list.indexOf('\n2. '));
    expect(firstTask).toContain('starter/python/server.py');
    expect(firstTask).toContain('write-your-server.md');
    const firstCommand = page.indexOf('```sh');
    expect(firstCommand).toBeGreaterThan(page.indexOf(tasks));
    // The one file an instructor hands out comes first: a student needs no clone for it (get-the-checker.md).
    expect(page.slice(firstCommand).split('\n')[1]).toMatch(/^\s*node charcount-check\.cjs -- python3? server\.py/);
    expect(firstTask).toContain('docker compose --profile check run --rm check');
    expect(page.slice(0, firstCommand).split(/\s+/).length).toBeLessThan(600);
  });
});
