/**
 * What lets a re-run in the same --out skip a submission that has not changed: DIR/.charcount-grade.json
 * holds the settings the grades were made with (a hash of level, rubric, limits and port),
 * the seed, and each submission's content hash (the checker's own: its build context,
 * generated Dockerfile included). A grade is reused only when all three still match, its
 * report and feedback files are still there, and --force was not given. The file is written
 * after each graded submission, so a run stopped by Ctrl-C resumes where it stopped.
 */
import { type CheckLevel } from '../checker';
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../language';
import type { GradeLimits } from './grades';

export const STATE_FILE = '.charcount-grade.json';

export interface RunState {
  version: 1;
  settingsKey: string;
  seed: number;
  /** Content hash per submission name, for the submissions graded under these settings and seed. */
  hashes: Record<string, string>;
}

export interface GradingSettings {
  level: CheckLevel;
  points: ReadonlyMap<string, number>;
  limits: Required<GradeLimits>;
  port: number;
  /** The reply reply-text demands: a changed sentence regrades. */
  expectedReply: string;
  /** The feedback's language: a change rewrites every feedback file. */
  language: Language;
}

/** The same settings always give the same key, whatever order the rubric's stages came in. */
export function settingsKey(settings: GradingSettings): string {
  const canonical = {
    level: settings.level,
    points: [...settings.points].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    limits: Object.entries(settings.limits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    port: settings.port,
    expectedReply: settings.expectedReply,
    language: settings.language,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/** Whether the last run's grade of this submission still stands (its files are checked separately). */
export function mayReuse(state: RunState | null, key: string, seed: number, name: string, hash: string, force: boolean): boolean {
  return !force && state !== null && state.settingsKey === key && state.seed === seed && state.hashes[name] === hash;
}

/** The last run's state, or null when there is none (or it cannot be read: everything is graded). */
export async function loadState(outDir: string): Promise<RunState | null> {
  try {
    const parsed = JSON.parse(await readFile(join(outDir, STATE_FILE), 'utf8')) as Partial<RunState>;
    if (parsed.version !== 1 || typeof parsed.settingsKey !== 'string' || typeof parsed.seed !== 'number' || typeof parsed.hashes !== 'object' || parsed.hashes === null) return null;
    return parsed as RunState;
  } catch {
    return null;
  }
}

/** Whole or not at all: a run killed while writing leaves the last good state. */
export async function saveState(outDir: string, state: RunState): Promise<void> {
  const file = join(outDir, STATE_FILE);
  await writeFile(`${file}.partial`, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  await rename(`${file}.partial`, file);
}
