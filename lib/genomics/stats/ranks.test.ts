import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, tieCorrectionSum, tieGroupSizes } from './ranks';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span, in input order (scipy rankdata)', () => {
    expect(averageRanks([0, 2, 3, 2])).toEqual([1, 2.5, 4, 2.5]);
    expect(averageRanks([40, 10, 20, 20, 30, 10])).toEqual([6, 1.5, 3.5, 3.5, 5, 1.5]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([-1.5])).toEqual([1]);
    expect(averageRanks([])).toEqual([]);
  });

  it('rejects non-finite values (missing values are dropped by the caller)', () => {
    expect(() => averageRanks([1, Number.NaN])).toThrow(RangeError);
    expect(() => averageRanks([Number.POSITIVE_INFINITY, 1])).toThrow(RangeError);
  });

  it('sums to n(n + 1)/2 and is invariant under increasing transformations', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }), (xs) => {
        const ranks = averageRanks(xs);
        const n = xs.length;
        expect(ranks.reduce((s, r) => s + r, 0)).toBe((n * (n + 1)) / 2);
        expect(averageRanks(xs.map((x) => Math.exp(x) * 3 + 1))).toEqual(ranks);
        for (let i = 0; i < n; i++) {
          const below = xs.filter((x) => x < xs[i]!).length;
          const equal = xs.filter((x) => x === xs[i]!).length;
          expect(ranks[i]).toBe(below + (equal + 1) / 2);
        }
      }),
    );
  });
});

describe('tie groups', () => {
  it('lists the sizes of groups of tied values (≥ 2), by ascending value', () => {
    expect(tieGroupSizes([3, 1, 2, 3, 2, 3, 9])).toEqual([2, 3]);
    expect(tieGroupSizes([1, 2, 3])).toEqual([]);
    expect(tieGroupSizes([])).toEqual([]);
  });

  it('Σ(t³ − t) is the rank tests’ tie term', () => {
    expect(tieCorrectionSum([3, 1, 2, 3, 2, 3, 9])).toBe(6 + 24);
    expect(tieCorrectionSum([1, 2, 3])).toBe(0);
    expect(tieCorrectionSum([7, 7, 7, 7])).toBe(60);
  });
});
