/**
 * One notes base for the checker and the grader (command-line/notes-location.ts): relative
 * paths only where a person at a clone reads them, a URL everywhere else.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { notesLocation } from '../../command-line/notes-location';
import { UsageError } from '../../command-line/usage-error';

const clone = mkdtempSync(join(tmpdir(), 'charcount-notes-clone-'));
mkdirSync(join(clone, 'lab-notes'));
const elsewhere = mkdtempSync(join(tmpdir(), 'charcount-notes-elsewhere-'));
afterAll(() => {
  rmSync(clone, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const at = (cwd: string, env: NodeJS.ProcessEnv = {}, relativeInClone = true) => ({ env, cwd, relativeInClone });

describe('where hint links resolve', () => {
  it('--notes-url wins over everything, with one trailing slash', () => {
    expect(notesLocation('https://a.example/notes', 'en', at(clone, { CHARCOUNT_NOTES_URL: 'https://b.example/' }))).toBe('https://a.example/notes/');
  });

  it('CHARCOUNT_NOTES_URL comes next, in a clone too', () => {
    expect(notesLocation(undefined, 'en', at(clone, { CHARCOUNT_NOTES_URL: 'file:///srv/lab-notes' }))).toBe('file:///srv/lab-notes/');
  });

  it('an empty CHARCOUNT_NOTES_URL counts as unset', () => {
    expect(notesLocation(undefined, 'en', at(clone, { CHARCOUNT_NOTES_URL: '' }))).toBeNull();
  });

  it('the checker in a clone links relative paths (null); the grader there does not', () => {
    expect(notesLocation(undefined, 'en', at(clone))).toBeNull();
    // This repository's package.json names no repository, and the tests do not run from node_modules.
    expect(notesLocation(undefined, 'en', at(clone, {}, false))).toBeNull();
  });

  it('a CHARCOUNT_NOTES_URL that is not a web address is a usage error naming the variable, in the run\'s language', () => {
    expect(() => notesLocation(undefined, 'en', at(elsewhere, { CHARCOUNT_NOTES_URL: 'lab-notes' }))).toThrow(UsageError);
    expect(() => notesLocation(undefined, 'en', at(elsewhere, { CHARCOUNT_NOTES_URL: 'lab-notes' }))).toThrow(/^CHARCOUNT_NOTES_URL "lab-notes" is not a web address; /u);
    expect(() => notesLocation(undefined, 'id', at(elsewhere, { CHARCOUNT_NOTES_URL: 'lab-notes' }))).toThrow(/^CHARCOUNT_NOTES_URL "lab-notes" bukan alamat web; /u);
  });
});
