import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contingencyTable } from './cohen-kappa';
import {
  fleissKappa,
  fleissKappaGeneralized,
  type FleissKappa,
  type FleissKappaGeneralized,
} from './fleiss-kappa';
import { fromCells, nonFiniteNumbers, ratingsArb, relabelCases, tableOf } from './test-categorical';
import { WEIGHT_SCHEMES } from './weights';

const fk = (r: ReturnType<typeof fleissKappa>): FleissKappa => {
  if (r.value === null) throw new Error(`undefined: ${r.reason}`);
  return r;
};
const gk = (r: ReturnType<typeof fleissKappaGeneralized>): FleissKappaGeneralized => {
  if (r.value === null) throw new Error(`undefined: ${r.reason}`);
  return r;
};

/** Scott's pi from a 2-reader contingency table (irrCAC scott2.table), an independent oracle. */
function scottPi(table: number[][]): number {
  const k = table.length;
  const n = table.flat().reduce((a, b) => a + b, 0);
  const po = table.reduce((a, row, i) => a + row[i]!, 0) / n;
  let pe = 0;
  for (let j = 0; j < k; j++) {
    const pj = (table[j]!.reduce((a, b) => a + b, 0) + table.reduce((a, row) => a + row[j]!, 0)) / (2 * n);
    pe += pj * pj;
  }
  return (po - pe) / (1 - pe);
}

describe("Fleiss' kappa (complete cases)", () => {
  it('small worked example: κ, P̄, P̄e, per-category kappas and the H0 SE', () => {
    // 4 cases × 3 readers, 2 categories
    const t = tableOf(
      fromCells(
        [
          [0, 0, 0],
          [0, 0, 1],
          [1, 1, 1],
          [0, 1, 1],
          [0, 0, null], // incomplete: left out
        ],
        2,
      ),
    );
    const r = fk(fleissKappa(t));
    expect(r.nComplete).toBe(4);
    expect(r.nReaders).toBe(3);
    expect(r.label).toBe("Fleiss' kappa");
    // P_i = 1, 1/3, 1, 1/3 → P̄ = 2/3; p = (6/12, 6/12) → P̄e = 1/2; κ = 1/3
    expect(r.pBar).toBeCloseTo(2 / 3, 15);
    expect(r.pBarE).toBeCloseTo(0.5, 15);
    expect(r.value).toBeCloseTo(1 / 3, 15);
    // with 2 categories both category kappas equal κ
    for (const c of r.categoryKappas) expect(c.value).toBeCloseTo(1 / 3, 15);
    // var0 = 2/(n m (m−1) (Σpq)²)·[(Σpq)² − Σ pq(q − p)] = 2/(24·0.25)·0.25 = 1/12
    expect(r.seH0).toBeCloseTo(Math.sqrt(1 / 12), 15);
    expect(r.z).toBeCloseTo(1 / 3 / Math.sqrt(1 / 12), 14);
    expect(r.p).toBeGreaterThan(0.2);
  });

  it('κ is the p_j q_j-weighted mean of the per-category kappas (Fleiss 1971)', () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 6], n: [2, 25] }), (data) => {
        const r = fleissKappa(tableOf(data));
        if (r.value === null) return;
        let num = 0;
        let den = 0;
        r.categoryKappas.forEach((c, j) => {
          const pq = r.categoryProportions[j]! * (1 - r.categoryProportions[j]!);
          if (c.value !== null) num += pq * c.value;
          den += pq;
        });
        expect(num / den).toBeCloseTo(r.value, 12);
      }),
    );
  });

  it("with 2 readers is Scott's pi and is labelled so", () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 2], n: [2, 30] }), (data) => {
        const t = tableOf(data);
        const r = fleissKappa(t);
        if (r.value === null) return;
        expect(r.label).toBe("Scott's pi");
        expect(r.value).toBeCloseTo(scottPi(contingencyTable(t, 'r1', 'r2')), 12);
      }),
    );
  });

  it("on complete data equals irrCAC's generalized (Gwet-variance) coefficient", () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 5], n: [2, 25] }), (data) => {
        const t = tableOf(data);
        const a = fleissKappa(t);
        const b = fleissKappaGeneralized(t);
        expect(b.value === null).toBe(a.value === null);
        if (a.value === null || b.value === null) return;
        expect(b.value).toBeCloseTo(a.value, 12);
        expect(b.pa).toBeCloseTo(a.pBar, 12);
        expect(b.pe).toBeCloseTo(a.pBarE, 12);
      }),
    );
  });

  it('null with a reason: one category, < 2 readers, < 2 complete cases; never NaN', () => {
    expect(
      fleissKappa(
        tableOf(
          fromCells(
            [
              [0, 0],
              [0, 0],
              [0, 0],
            ],
            3,
          ),
        ),
      ),
    ).toMatchObject({ value: null });
    expect(fleissKappa(tableOf(fromCells([[0], [1]], 2)))).toMatchObject({ value: null });
    expect(
      fleissKappa(
        tableOf(
          fromCells(
            [
              [0, 1],
              [1, null],
            ],
            2,
          ),
        ),
      ),
    ).toMatchObject({ value: null });
    const unused = fk(
      fleissKappa(
        tableOf(
          fromCells(
            [
              [0, 1],
              [1, 1],
              [0, 0],
            ],
            3,
          ),
        ),
      ),
    );
    expect(unused.categoryKappas[2]).toMatchObject({ category: 'cat2', value: null });
    fc.assert(
      fc.property(ratingsArb({ m: [1, 4], n: [0, 8], missing: true }), (data) => {
        const r = fleissKappa(tableOf(data));
        expect(nonFiniteNumbers(r)).toEqual([]);
        if (r.value === null) expect(r.reason).toBeTruthy();
      }),
    );
  });
});

describe("Fleiss' generalized kappa (irrCAC fleiss.kappa.raw)", () => {
  it('allows missing data, is invariant to case order, never NaN', () => {
    fc.assert(
      fc.property(
        ratingsArb({ m: [2, 4], n: [0, 20], missing: true }),
        fc.constantFrom(...WEIGHT_SCHEMES),
        fc.nat(),
        (data, w, seed) => {
          const a = fleissKappaGeneralized(tableOf(data), w);
          const b = fleissKappaGeneralized(
            tableOf({ ...data, ratings: relabelCases(data.ratings, seed) }),
            w,
          );
          expect(nonFiniteNumbers(a)).toEqual([]);
          expect(b.value === null).toBe(a.value === null);
          if (a.value === null || b.value === null) return;
          expect(b.value).toBeCloseTo(a.value, 12);
          expect(b.se ?? -1).toBeCloseTo(a.se ?? -1, 12);
          if (a.ci95) expect(a.ci95[1]).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('uses every case with ≥ 1 rating for n', () => {
    const r = gk(
      fleissKappaGeneralized(
        tableOf(
          fromCells(
            [
              [0, 0],
              [1, 1],
              [0, 1],
              [1, null],
              [null, null],
            ],
            2,
          ),
        ),
      ),
    );
    expect(r.n).toBe(4);
    expect(r.pa).toBeCloseTo(2 / 3, 15);
  });
});
