/**
 * npm run package:gradescope -- --points N: the stages' points, 1 each or the rubric's, scaled
 * to add up to the assignment's N points exactly, in hundredths as Gradescope shows them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledPoints } from '../../platforms/gradescope/points';

const sum = (points: Map<string, number>): number => Math.round([...points.values()].reduce((acc, value) => acc + value, 0) * 100);

describe('scaledPoints', () => {
  it('8 stages worth 1 each, scaled to 100: 12.5 each', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect([...scaledPoints(ids, new Map(), 100).values()]).toEqual(Array(8).fill(12.5));
  });

  it('a rubric keeps its proportions, a 0-point stage stays 0, and the rounding leftover goes to the heaviest stage', () => {
    const points = scaledPoints(['listen', 'long-message', 'invalid-utf8', 'shutdown'], new Map([['long-message', 3], ['shutdown', 0]]), 10);
    expect(Object.fromEntries(points)).toEqual({ listen: 2, 'long-message': 6, 'invalid-utf8': 2, shutdown: 0 });
    expect(Object.fromEntries(scaledPoints(['a', 'b', 'c'], new Map(), 10))).toEqual({ a: 3.34, b: 3.33, c: 3.33 });
  });

  it('the points always add up to N, in hundredths, for any weights and N', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 100_000 }), (weights, hundredths) => {
        fc.pre(weights.some((weight) => weight > 0));
        const ids = weights.map((_, index) => `stage-${index}`);
        const points = scaledPoints(ids, new Map(ids.map((id, index) => [id, weights[index]!])), hundredths / 100);
        expect(sum(points)).toBe(hundredths);
        for (const [index, id] of ids.entries()) if (weights[index] === 0) expect(points.get(id)).toBe(0);
      }),
    );
  });

  it('every stage worth 0: nothing to scale, said so', () => {
    expect(() => scaledPoints(['a'], new Map([['a', 0]]), 10)).toThrow('every stage is worth 0 points');
  });
});
