import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cccPairs, linCcc } from './ccc';
import type { RatingTable } from './ratings';

describe('linCcc', () => {
  it('is the population-moment formula, by hand', () => {
    // x̄ = 2.5, ȳ = 2.25; s_x² = 1.25, s_y² = 2.6875, s_xy = 1.625 (divided by n = 4): ρc = 3.25/4.
    const r = linCcc([1, 2, 3, 4], [1, 1, 2, 5]);
    if (r.value === null) throw new Error(r.reason);
    expect(r).toMatchObject({ n: 4, mean1: 2.5, mean2: 2.25 });
    expect(r.variance1).toBeCloseTo(1.25, 14);
    expect(r.variance2).toBeCloseTo(2.6875, 14);
    expect(r.value).toBeCloseTo(0.8125, 14);
  });

  it('is 1 for identical series and drops with a shift', () => {
    expect(linCcc([1, 2, 3], [1, 2, 3]).value).toBe(1);
    const shifted = linCcc([1, 2, 3], [2, 3, 4]).value!;
    expect(shifted).toBeCloseTo((2 * (2 / 3)) / (2 / 3 + 2 / 3 + 1), 14);
    expect(linCcc([1, 2, 3], [3, 2, 1]).value).toBe(-1);
  });

  it('equals 1 − E(x − y)²/(σx² + σy² + (μx − μy)²), is symmetric, and is r·C_b', () => {
    const series = fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 2, maxLength: 25 });
    fc.assert(
      fc.property(series, series, (xs, ys) => {
        const n = Math.min(xs.length, ys.length);
        const x = xs.slice(0, n);
        const y = ys.slice(0, n);
        const r = linCcc(x, y);
        if (r.value === null) return r.reason.startsWith('no variance');
        const msd = x.reduce((s, xi, i) => s + (xi - y[i]!) ** 2, 0) / n;
        const alt = 1 - msd / (r.variance1 + r.variance2 + (r.mean1 - r.mean2) ** 2);
        return (
          Math.abs(r.value - alt) < 1e-12 &&
          Math.abs(r.value - linCcc(y, x).value!) < 1e-12 &&
          Math.abs(r.value - r.pearson_r * r.bias_correction) < 1e-12
        );
      }),
    );
  });

  it('is null with a reason for n < 2 or a reader with no variance', () => {
    expect(linCcc([1], [1])).toMatchObject({ value: null, reason: expect.stringMatching(/at least 2/) });
    expect(linCcc([], [])).toMatchObject({ value: null, n: 0 });
    expect(linCcc([2, 2, 2], [1, 2, 3], { reader1: 'A', reader2: 'B' })).toMatchObject({
      value: null,
      reason: expect.stringMatching(/no variance: A gave/),
    });
    expect(linCcc([2, 2], [3, 3])).toMatchObject({
      value: null,
      reason: expect.stringMatching(/reader1 and reader2/),
    });
  });
});

describe('cccPairs', () => {
  it('computes each reader pair on its co-rated cases', () => {
    const t: RatingTable = {
      cases: ['a', 'b', 'c', 'd'],
      readers: ['B', 'A'],
      cells: [
        [1, 1],
        [2, 2],
        [4, 3],
        [null, 9],
      ],
    };
    const [ab] = cccPairs(t);
    expect(ab).toMatchObject({ reader1: 'A', reader2: 'B', n: 3 });
    expect(ab!.value).toBeCloseTo(linCcc([1, 2, 3], [1, 2, 4]).value!, 14);
  });
});
