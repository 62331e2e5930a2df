/**
 * --points N: the stages' points scaled so that they add up to the Gradescope assignment's
 * points, keeping their proportions (1 each, or the rubric's). Points are in hundredths, as
 * Gradescope shows them; rounding leftovers go to the stage worth most, so the sum is N exactly.
 */
export function scaledPoints(stageIds: readonly string[], weights: ReadonlyMap<string, number>, total: number): Map<string, number> {
  const weightOf = (id: string): number => weights.get(id) ?? 1;
  const sum = stageIds.reduce((acc, id) => acc + weightOf(id), 0);
  if (sum === 0) throw new RangeError('every stage is worth 0 points, so there is nothing to scale');
  const wanted = Math.round(total * 100);
  const hundredths = new Map(stageIds.map((id) => [id, Math.round((weightOf(id) * wanted) / sum)]));
  const heaviest = stageIds.reduce((best, id) => (weightOf(id) > weightOf(best) ? id : best));
  const given = [...hundredths.values()].reduce((acc, value) => acc + value, 0);
  hundredths.set(heaviest, hundredths.get(heaviest)! + wanted - given);
  return new Map([...hundredths].map(([id, value]) => [id, value / 100]));
}
