/**
 * Re-runs: a grade is reused only under the same settings, the same seed and the same content
 * hash, never with --force; the state file survives a round trip and a damaged one means
 * "grade everything".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_LIMITS } from '../../grader/options';
import { loadState, mayReuse, saveState, settingsKey, STATE_FILE, type RunState } from '../../grader/rerun-state';

const settings = { level: 'assignment' as const, points: new Map([['listen', 1], ['long-message', 3]]), limits: DEFAULT_GRADE_LIMITS, port: 12345, expectedReply: 'Jumlah karakter dalam kalimat tersebut adalah {n}', language: 'en' as const };

describe('settingsKey', () => {
  it('is the same for the same settings, whatever order the rubric named its stages in', () => {
    expect(settingsKey(settings)).toBe(settingsKey({ ...settings, points: new Map([['long-message', 3], ['listen', 1]]) }));
  });

  it.each([
    ['the level', { level: 'protocol' as const }],
    ['a rubric point', { points: new Map([['listen', 2], ['long-message', 3]]) }],
    ['the memory limit', { limits: { ...DEFAULT_GRADE_LIMITS, memoryBytes: 128 * 1024 * 1024 } }],
    ['the start timeout', { limits: { ...DEFAULT_GRADE_LIMITS, startTimeoutMs: 5000 } }],
    ['the expected reply (a changed sentence regrades)', { expectedReply: 'Number of characters: {n}' }],
    ['the feedback language', { language: 'id' as const }],
  ])('changes with %s', (_what, change) => {
    expect(settingsKey({ ...settings, ...change })).not.toBe(settingsKey(settings));
  });
});

describe('mayReuse', () => {
  const key = settingsKey(settings);
  const state: RunState = { version: 1, settingsKey: key, seed: 7, hashes: { alice: 'aaaa' } };
  it('reuses only an unchanged submission under the same settings and seed', () => {
    expect(mayReuse(state, key, 7, 'alice', 'aaaa', false)).toBe(true);
    expect(mayReuse(state, key, 7, 'alice', 'bbbb', false)).toBe(false);
    expect(mayReuse(state, key, 8, 'alice', 'aaaa', false)).toBe(false);
    expect(mayReuse(state, 'other', 7, 'alice', 'aaaa', false)).toBe(false);
    expect(mayReuse(state, key, 7, 'bob', 'aaaa', false)).toBe(false);
    expect(mayReuse(null, key, 7, 'alice', 'aaaa', false)).toBe(false);
  });
  it('never reuses with --force', () => {
    expect(mayReuse(state, key, 7, 'alice', 'aaaa', true)).toBe(false);
  });
});

describe('the state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'charcount-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what was saved', async () => {
    const state: RunState = { version: 1, settingsKey: 'k', seed: 3, hashes: { alice: 'aaaa', 'Budi Santoso_123_assignsubmission_file_': 'bbbb' } };
    await saveState(dir, state);
    expect(await loadState(dir)).toEqual(state);
  });

  it('is none when missing or damaged, so everything is graded', async () => {
    expect(await loadState(dir)).toBeNull();
    writeFileSync(join(dir, STATE_FILE), '{"version": 1, "seed": ');
    expect(await loadState(dir)).toBeNull();
    writeFileSync(join(dir, STATE_FILE), '{"version": 2, "settingsKey": "k", "seed": 1, "hashes": {}}');
    expect(await loadState(dir)).toBeNull();
  });
});
