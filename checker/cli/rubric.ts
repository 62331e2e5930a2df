/**
 * --rubric FILE: how a check is configured for a class (checker/schemas/rubric.schema.json).
 * Version 2: `{"version": 2, "points": {"listen": 1, "long-message": 3}, "expectedReply":
 * "Jumlah karakter: {n}"}`. Version 1, still read: the points object alone. A stage the rubric
 * does not name is worth 1 point; 0 leaves it out of the score.
 */
import { readFileSync } from 'node:fs';
import { bilingual, type Language } from '../../language';
import { ALL_STAGES } from '../stages';
import { UsageError } from '../../command-line/usage-error';
import { isReplyTemplate } from '../../command-line/option-values';

export interface Rubric {
  points: Map<string, number>;
  /** The reply reply-text demands ({n} for the count), or null when the rubric sets none. */
  expectedReply: string | null;
}

const EXAMPLE = '{"version": 2, "points": {"listen": 1, "long-message": 3}, "expectedReply": "Jumlah karakter: {n}"}';

const TEXTS = bilingual({
  unreadable: {
    en: (p: { file: string; why: string }) => `cannot read the rubric ${p.file}: ${p.why}; check the path given to --rubric`,
    id: (p) => `rubrik ${p.file} tidak dapat dibaca: ${p.why}; periksa path yang diberikan ke --rubric`,
  },
  notJson: {
    en: (p: { file: string; why: string }) => `the rubric ${p.file} is not valid JSON (${p.why}); write an object such as ${EXAMPLE}`,
    id: (p) => `rubrik ${p.file} bukan JSON yang valid (${p.why}); tulis sebuah objek seperti ${EXAMPLE}`,
  },
  notObject: {
    en: (p: { file: string; what: string }) => `the rubric ${p.file}${p.what} must be a JSON object, such as ${EXAMPLE}`,
    id: (p) => `rubrik ${p.file}${p.what} harus berupa objek JSON, seperti ${EXAMPLE}`,
  },
  badVersion: {
    en: (p: { file: string; version: string }) => `the rubric ${p.file} has "version": ${p.version}; this checker reads version 2 (or the points object alone, version 1)`,
    id: (p) => `rubrik ${p.file} berisi "version": ${p.version}; pemeriksa ini membaca versi 2 (atau objek poin saja, versi 1)`,
  },
  unknownField: {
    en: (p: { file: string; field: string }) => `the rubric ${p.file} has an unknown field "${p.field}"; version 2 has "version", "points" and "expectedReply"`,
    id: (p) => `rubrik ${p.file} berisi field "${p.field}" yang tidak dikenal; versi 2 berisi "version", "points", dan "expectedReply"`,
  },
  unknownStage: {
    en: (p: { file: string; id: string; known: string }) => `the rubric ${p.file} names an unknown stage "${p.id}"; the stages are: ${p.known}`,
    id: (p) => `rubrik ${p.file} menyebut tahap "${p.id}" yang tidak dikenal; tahap-tahapnya: ${p.known}`,
  },
  badPoints: {
    en: (p: { file: string; id: string; value: string }) => `the rubric ${p.file} gives stage "${p.id}" ${p.value} points; give a number of 0 or more`,
    id: (p) => `rubrik ${p.file} memberi tahap "${p.id}" ${p.value} poin; berikan angka 0 atau lebih`,
  },
  badTemplate: {
    en: (p: { file: string; value: string }) => `the rubric ${p.file} has "expectedReply": ${p.value}; give a text with {n} once where the count goes, such as "Jumlah karakter: {n}"`,
    id: (p) => `rubrik ${p.file} berisi "expectedReply": ${p.value}; berikan teks yang memuat {n} satu kali di tempat jumlahnya, seperti "Jumlah karakter: {n}"`,
  },
});

export function readRubric(file: string, language: Language = 'en'): Rubric {
  const say = TEXTS[language];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(say.unreadable({ file, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(say.notJson({ file, why: (error as Error).message }));
  }
  return rubricOf(parsed, file, language);
}

/** A parsed rubric file of either version, checked against rubric.schema.json's rules. */
function rubricOf(parsed: unknown, file: string, language: Language = 'en'): Rubric {
  const say = TEXTS[language];
  if (!isObject(parsed)) throw new UsageError(say.notObject({ file, what: '' }));
  if (!Object.hasOwn(parsed, 'version')) return { points: pointsOf(parsed, file, language), expectedReply: null };
  if (parsed.version !== 2) throw new UsageError(say.badVersion({ file, version: JSON.stringify(parsed.version) }));
  for (const field of Object.keys(parsed)) {
    if (!['version', 'points', 'expectedReply'].includes(field)) throw new UsageError(say.unknownField({ file, field }));
  }
  const points = parsed.points ?? {};
  if (!isObject(points)) throw new UsageError(say.notObject({ file, what: ' "points"' }));
  const expectedReply = parsed.expectedReply ?? null;
  if (expectedReply !== null && (typeof expectedReply !== 'string' || !isReplyTemplate(expectedReply))) {
    throw new UsageError(say.badTemplate({ file, value: JSON.stringify(expectedReply) }));
  }
  return { points: pointsOf(points, file, language), expectedReply };
}

function pointsOf(parsed: Record<string, unknown>, file: string, language: Language): Map<string, number> {
  const say = TEXTS[language];
  const known = new Set(ALL_STAGES.map((stage) => stage.id));
  const points = new Map<string, number>();
  for (const [id, value] of Object.entries(parsed)) {
    if (!known.has(id)) throw new UsageError(say.unknownStage({ file, id, known: [...known].join(', ') }));
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new UsageError(say.badPoints({ file, id, value: JSON.stringify(value) }));
    points.set(id, value);
  }
  return points;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
