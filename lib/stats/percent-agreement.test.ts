import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleissKappaGeneralized } from './fleiss-kappa';
import { gwetAC } from './gwet';
import {
  allReadersAgree,
  caseAgreement,
  caseCategoryCounts,
  differenceVariance,
  percentAgreement,
  type PercentAgreement,
} from './percent-agreement';
import { fromCells, nonFiniteNumbers, ratingsArb, relabelCases, tableOf } from './test-categorical';

const defined = <T extends { value: number | null }>(r: T) => {
  if (r.value === null) throw new Error(`undefined: ${(r as { reason?: string }).reason}`);
  return r as Extract<T, { value: number }>;
};

// cases × readers (category indices, null = missing)
const EXAMPLE = fromCells(
  [
    [0, 0, 0], // P = 1
    [0, 1, null], // P = 0
    [0, 0, 1], // P = 2/6
    [1, null, null], // one rating: not averaged, counted in irrCAC's n
  ],
  2,
);

describe('percent agreement', () => {
  it('P_i = Σ n_ij(n_ij − 1)/(m_i(m_i − 1))', () => {
    expect(caseAgreement([3, 0])).toBe(1);
    expect(caseAgreement([2, 1])).toBeCloseTo(1 / 3, 15);
    expect(caseAgreement([1, 1, 1])).toBe(0);
    expect(caseCategoryCounts(tableOf(EXAMPLE))).toEqual([
      [3, 0],
      [1, 1],
      [2, 1],
      [0, 1],
    ]);
  });

  it('is the mean of P_i over cases with ≥ 2 ratings, with the irrCAC SE', () => {
    const r = defined(percentAgreement(tableOf(EXAMPLE))) as PercentAgreement;
    expect(r.value).toBeCloseTo(4 / 9, 15);
    expect(r.nCases).toBe(3);
    expect(r.nRated).toBe(4);
    // pa_i = (n/n2)·P_i = 4/3, 0, 4/9, 0; var = Σ(pa_i − 4/9)²/(n(n − 1)) = (96/81)/12
    expect(r.se).toBeCloseTo(Math.sqrt(8 / 81), 15);
    expect(r.ci95).not.toBeNull();
  });

  it('for 2 readers with complete data, is the proportion of agreeing cases', () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 2], n: [2, 30] }), (data) => {
        const t = tableOf(data);
        const agree = t.cells.filter((row) => row[0] === row[1]).length / t.cells.length;
        expect(defined(percentAgreement(t)).value).toBeCloseTo(agree, 14);
      }),
    );
  });

  it("equals the p_a of Gwet's AC1 and of Fleiss' generalized kappa (irrCAC)", () => {
    fc.assert(
      fc.property(ratingsArb({ missing: true }), (data) => {
        const t = tableOf(data);
        const pa = percentAgreement(t);
        const g = gwetAC(t);
        const f = fleissKappaGeneralized(t);
        if (pa.value !== null && g.value !== null) expect(g.pa).toBeCloseTo(pa.value, 14);
        if (pa.value !== null && f.value !== null) expect(f.pa).toBeCloseTo(pa.value, 14);
        expect(nonFiniteNumbers(pa)).toEqual([]);
      }),
    );
  });

  it('does not depend on the order or labels of the cases', () => {
    fc.assert(
      fc.property(ratingsArb({ missing: true }), fc.nat(), (data, seed) => {
        const a = percentAgreement(tableOf(data));
        const b = percentAgreement(tableOf({ ...data, ratings: relabelCases(data.ratings, seed) }));
        expect(b.value === null).toBe(a.value === null);
        if (a.value !== null && b.value !== null) {
          expect(b.value).toBeCloseTo(a.value, 14);
          expect(b.se ?? -1).toBeCloseTo(a.se ?? -1, 14);
        }
      }),
    );
  });

  it('is null with a reason when fewer than 2 cases have 2 ratings', () => {
    const r = percentAgreement(
      tableOf(
        fromCells(
          [
            [0, null],
            [1, 1],
            [null, 0],
          ],
          2,
        ),
      ),
    );
    expect(r).toMatchObject({ value: null });
    expect((r as { reason: string }).reason).toMatch(/fewer than 2 cases/);
  });
});

describe('all readers agree (complete cases)', () => {
  it('is the share of complete cases with one category', () => {
    expect(defined(allReadersAgree(tableOf(EXAMPLE)))).toMatchObject({ value: 0.5, nComplete: 2, nAgree: 1 });
  });

  it('is null without 2 complete cases', () => {
    expect(
      allReadersAgree(
        tableOf(
          fromCells(
            [
              [0, null, 0],
              [0, 0, 0],
            ],
            2,
          ),
        ),
      ).value,
    ).toBeNull();
  });
});

describe('differenceVariance', () => {
  it('snaps a difference within rounding of 0 to 0', () => {
    expect(differenceVariance(0.1 + 0.2, 0.3, 2)).toBe(0);
    expect(differenceVariance(0.5, 0.25, 2)).toBe(0.125);
  });
});
