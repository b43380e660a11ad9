import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blandAltman, blandAltmanPair, coRatedPairs } from './bland-altman';
import { dist } from './distributions';
import type { RatingTable } from './ratings';
import { Z975 } from './result';

// Bland & Altman (1986, Lancet) Table 1: first PEFR readings, Wright and mini Wright meters (17 subjects).
const WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
const MINI = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];

describe('blandAltmanPair', () => {
  it('reproduces Bland & Altman (1986): mean difference −2.1, SD 38.8 l/min', () => {
    const r = blandAltmanPair(WRIGHT, MINI, { reader1: 'wright', reader2: 'mini' });
    if (r.value === null) throw new Error(r.reason);
    expect(r.n).toBe(17);
    expect(r.value).toBeCloseTo(-2.1, 1);
    expect(r.sd).toBeCloseTo(38.8, 1);
    expect(r.loa95[0]).toBeCloseTo(r.value - Z975 * r.sd, 12);
    expect(r.loa95[1]).toBeCloseTo(r.value + Z975 * r.sd, 12);
  });

  it('computes bias, SD, limits, their CIs and the plot points by hand', () => {
    const r = blandAltmanPair([1, 2, 3, 4], [1, 1, 2, 5], { caseIds: ['a', 'b', 'c', 'd'] });
    if (r.value === null) throw new Error(r.reason);
    const sd = Math.sqrt(2.75 / 3);
    const t = dist.tQuantile(0.975, 3);
    expect(r.value).toBe(0.25);
    expect(r.sd).toBeCloseTo(sd, 14);
    expect(r.bias_ci95![0]).toBeCloseTo(0.25 - (t * sd) / 2, 14);
    expect(r.loa_ci95!.upper[1]).toBeCloseTo(0.25 + Z975 * sd + t * Math.sqrt((3 * sd * sd) / 4), 14);
    expect(r.points).toEqual([
      { caseId: 'a', mean: 1, difference: 0 },
      { caseId: 'b', mean: 1.5, difference: 1 },
      { caseId: 'c', mean: 2.5, difference: 1 },
      { caseId: 'd', mean: 4.5, difference: -1 },
    ]);
  });

  it('needs two co-rated cases', () => {
    expect(blandAltmanPair([1], [2])).toMatchObject({ value: null, n: 1, reason: expect.any(String) });
    expect(blandAltmanPair([], [])).toMatchObject({ value: null, n: 0, points: [] });
  });

  it('gives zero-width limits, not null, when every difference is the same', () => {
    expect(blandAltmanPair([1, 2, 3], [0, 1, 2])).toMatchObject({ value: 1, sd: 0, loa95: [1, 1] });
  });

  it('bias is antisymmetric, SD symmetric, under swapping the readers', () => {
    const series = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 20 });
    fc.assert(
      fc.property(series, series, (xs, ys) => {
        const n = Math.min(xs.length, ys.length);
        const ab = blandAltmanPair(xs.slice(0, n), ys.slice(0, n));
        const ba = blandAltmanPair(ys.slice(0, n), xs.slice(0, n));
        if (ab.value === null || ba.value === null) return false;
        return ab.value === -ba.value && Math.abs(ab.sd - ba.sd) < 1e-12;
      }),
    );
  });
});

describe('blandAltman (table)', () => {
  const table: RatingTable = {
    cases: ['c1', 'c2', 'c3', 'c4'],
    readers: ['r10', 'r2', 'r1'],
    cells: [
      [1, 2, 3],
      [2, null, 4],
      [3, 5, 5],
      [null, 1, 1],
    ],
  };

  it('takes every pair once, reader1 < reader2 by compareIds, on co-rated cases', () => {
    const pairs = blandAltman(table);
    expect(pairs.map((p) => [p.reader1, p.reader2, p.n])).toEqual([
      ['r1', 'r10', 3],
      ['r1', 'r2', 3],
      ['r10', 'r2', 2],
    ]);
    expect(pairs[1]!.points.map((p) => p.caseId)).toEqual(['c1', 'c3', 'c4']);
    expect(pairs[1]!.value).toBeCloseTo((1 + 0 + 0) / 3, 14);
    expect(coRatedPairs(table)[2]).toMatchObject({ x: [1, 3], y: [2, 5], caseIds: ['c1', 'c3'] });
  });

  it('reports a pair with too few co-rated cases as null', () => {
    const t: RatingTable = {
      cases: ['a', 'b'],
      readers: ['A', 'B'],
      cells: [
        [1, null],
        [null, 2],
      ],
    };
    expect(blandAltman(t)).toEqual([expect.objectContaining({ value: null, n: 0 })]);
  });
});
