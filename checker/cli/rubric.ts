/**
 * --rubric FILE: points per stage, as JSON `{"listen": 1, "long-message": 3, ...}`. A stage
 * the rubric does not name is worth 1 point; 0 leaves it out of the score.
 */
import { readFileSync } from 'node:fs';
import { ALL_STAGES } from '../stages';
import { UsageError } from '../../command-line/usage-error';

export function loadRubric(file: string): Map<string, number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the rubric ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path given to --rubric`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the rubric ${file} is not valid JSON (${(error as Error).message}); write an object such as {"listen": 1, "long-message": 3}`);
  }
  return rubricPoints(parsed, file);
}

export function rubricPoints(parsed: unknown, file: string): Map<string, number> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`the rubric ${file} must be a JSON object of stage ids and points, such as {"listen": 1, "long-message": 3}`);
  }
  const known = new Set(ALL_STAGES.map((stage) => stage.id));
  const points = new Map<string, number>();
  for (const [id, value] of Object.entries(parsed)) {
    if (!known.has(id)) throw new UsageError(`the rubric ${file} names an unknown stage "${id}"; the stages are: ${[...known].join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new UsageError(`the rubric ${file} gives stage "${id}" ${JSON.stringify(value)} points; give a number of 0 or more`);
    }
    points.set(id, value);
  }
  return points;
}
