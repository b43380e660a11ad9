import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cohenKappa,
  cohenKappaAllPairs,
  cohenKappaFromTable,
  contingencyTable,
  readerPairs,
  type CohenKappa,
  type KappaWeights,
} from './cohen-kappa';
import { categoricalTable, type Rating } from './ratings';
import { Z975 } from './result';
import { fromCells, nonFiniteNumbers, ratingsArb, relabelCases, tableOf } from './test-categorical';
import { customWeights, linearWeights } from './weights';

const defined = (r: { value: number | null }): CohenKappa => {
  if (r.value === null) throw new Error(`undefined: ${(r as { reason?: string }).reason}`);
  return r as CohenKappa;
};

/**
 * Independent oracle: the explicit unweighted formulas of Fleiss, Cohen & Everitt (1969), in the
 * algebraic form statsmodels `cohens_kappa` uses (not the general weighted form of cohen-kappa.ts).
 */
function fceUnweighted(table: number[][]) {
  const k = table.length;
  const n = table.flat().reduce((a, b) => a + b, 0);
  const p = table.map((row) => row.map((x) => x / n));
  const row = p.map((r) => r.reduce((a, b) => a + b, 0));
  const col = Array.from({ length: k }, (_, j) => p.reduce((a, r) => a + r[j]!, 0));
  const po = p.reduce((a, r, i) => a + r[i]!, 0);
  const pe = row.reduce((a, x, i) => a + x * col[i]!, 0);
  const kappa = (po - pe) / (1 - pe);
  let termA = 0;
  let termB = 0;
  let termC0 = 0;
  for (let i = 0; i < k; i++) {
    termA += p[i]![i]! * (1 - (row[i]! + col[i]!) * (1 - kappa)) ** 2;
    termC0 += row[i]! * col[i]! * (row[i]! + col[i]!);
    for (let j = 0; j < k; j++) if (i !== j) termB += p[i]![j]! * (col[i]! + row[j]!) ** 2;
  }
  termB *= (1 - kappa) ** 2;
  const termC = (kappa - pe * (1 - kappa)) ** 2;
  const v = (termA + termB - termC) / ((1 - pe) ** 2 * n);
  const v0 = (pe + pe ** 2 - termC0) / ((1 - pe) ** 2 * n);
  return { kappa, po, pe, v, v0 };
}

const tableArb = fc.integer({ min: 2, max: 5 }).chain((k) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: k, maxLength: k }), {
    minLength: k,
    maxLength: k,
  }),
);

const weightsArb: fc.Arbitrary<'unweighted' | 'linear' | 'quadratic' | 'custom'> = fc.constantFrom(
  'unweighted',
  'linear',
  'quadratic',
  'custom',
);

/** A symmetric custom agreement-weight matrix for k categories (from |i−j|^1.5 disagreements). */
const customFor = (k: number) =>
  customWeights(
    Array.from({ length: k }, (_, i) =>
      Array.from({ length: k }, (_, j) => Math.abs(i - j) ** 1.5).join(','),
    ).join(';'),
    k,
  );
const weightsFor = (w: string, k: number): KappaWeights =>
  w === 'custom' ? customFor(k) : (w as KappaWeights);

describe("Cohen's kappa: worked examples", () => {
  it('2×2 table: κ = 0.4 with the FCE SEs', () => {
    const r = defined(
      cohenKappaFromTable([
        [20, 5],
        [10, 15],
      ]),
    );
    expect(r.value).toBeCloseTo(0.4, 14);
    expect(r.observedAgreement).toBeCloseTo(0.7, 14);
    expect(r.expectedAgreement).toBeCloseTo(0.5, 14);
    expect(r.n).toBe(50);
    // var0 = (pe + pe² − Σ p_i. p_.i (p_i. + p_.i)) / ((1 − pe)² n) = (0.5 + 0.25 − 0.51)/(0.25·50)
    expect(r.seH0).toBeCloseTo(Math.sqrt(0.24 / 12.5), 14);
    expect(r.z).toBeCloseTo(0.4 / Math.sqrt(0.0192), 12);
    expect(r.se! ** 2).toBeCloseTo(
      fceUnweighted([
        [20, 5],
        [10, 15],
      ]).v,
      14,
    );
    expect(r.ci95![0]).toBeCloseTo(0.4 - Z975 * r.se!, 14);
    expect(r.ci95![1]).toBeCloseTo(0.4 + Z975 * r.se!, 14);
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(0.01);
  });

  it('weighted kappa is invariant to a positive linear rescaling of the disagreement weights', () => {
    const table = [
      [11, 3, 1, 0],
      [2, 9, 4, 1],
      [0, 3, 8, 2],
      [1, 0, 2, 6],
    ];
    const lin = defined(cohenKappaFromTable(table, 'linear'));
    const custom = defined(cohenKappaFromTable(table, customWeights('0,3,6,9;3,0,3,6;6,3,0,3;9,6,3,0', 4)));
    expect(custom.weights).toBe('custom');
    expect(custom.value).toBeCloseTo(lin.value, 14);
    expect(custom.se).toBeCloseTo(lin.se!, 14);
    expect(custom.seH0).toBeCloseTo(lin.seH0!, 14);
    expect(defined(cohenKappaFromTable(table, linearWeights(4))).value).toBeCloseTo(lin.value, 14);
  });

  it('uses pairwise deletion: only cases both readers rated', () => {
    const ratings: Rating[] = [
      ['1', 'a', 'a'],
      ['2', 'b', 'b'],
      ['3', 'a', 'b'],
      ['4', 'b', null],
      ['5', null, 'a'],
      ['6', 'b', 'b'],
    ].flatMap(([c, x, y]) => [
      { caseId: c!, readerId: 'A', value: x ?? null },
      { caseId: c!, readerId: 'B', value: y ?? null },
      { caseId: c!, readerId: 'C', value: 'a' },
    ]);
    const t = categoricalTable(ratings, ['a', 'b']);
    expect(contingencyTable(t, 'A', 'B')).toEqual([
      [1, 1],
      [0, 2],
    ]);
    const r = defined(cohenKappa(t, 'A', 'B'));
    expect(r.n).toBe(4);
    expect(r.value).toBeCloseTo(
      cohenKappaFromTable([
        [1, 1],
        [0, 2],
      ]).value!,
      14,
    );
  });

  it('unused declared categories are kept in the weights (ranks in the declared order)', () => {
    // categories a < b < c < d, only a and d used: linear weight of (a, d) is 0, of (a, a) 1
    const ratings: Rating[] = ['a', 'd', 'a', 'd', 'a'].flatMap((v, i) => [
      { caseId: `${i}`, readerId: 'A', value: v },
      { caseId: `${i}`, readerId: 'B', value: i === 4 ? 'd' : v },
    ]);
    const t = categoricalTable(ratings, ['a', 'b', 'c', 'd']);
    const withUnused = defined(cohenKappa(t, 'A', 'B', 'linear'));
    const twoCats = defined(cohenKappa(categoricalTable(ratings, ['a', 'd']), 'A', 'B', 'linear'));
    expect(withUnused.value).toBeCloseTo(twoCats.value, 14);
    const t3 = categoricalTable(ratings, ['a', 'b', 'd']);
    expect(defined(cohenKappa(t3, 'A', 'B', 'quadratic')).value).toBeCloseTo(twoCats.value, 14);
  });
});

describe("Cohen's kappa: degenerate inputs give null with a reason", () => {
  it('both readers used one identical category', () => {
    const r = cohenKappaFromTable([
      [5, 0],
      [0, 0],
    ]);
    expect(r.value).toBeNull();
    expect((r as { reason: string }).reason).toMatch(/one identical category/);
  });

  it('fewer than 2 co-rated cases', () => {
    const r = cohenKappaFromTable([
      [1, 0],
      [0, 0],
    ]);
    expect(r).toMatchObject({ value: null, n: 1 });
    expect(
      cohenKappaFromTable([
        [0, 0],
        [0, 0],
      ]),
    ).toMatchObject({ value: null, n: 0 });
  });

  it('no reader pairs with fewer than 2 readers', () => {
    const t = categoricalTable([{ caseId: '1', readerId: 'A', value: 'a' }], ['a', 'b']);
    expect(cohenKappaAllPairs(t)).toEqual([]);
  });

  it('never NaN on random data with missing values', () => {
    fc.assert(
      fc.property(ratingsArb({ n: [0, 12], missing: true }), weightsArb, (data, w) => {
        const t = tableOf(data);
        for (const r of cohenKappaAllPairs(t, weightsFor(w, t.categories.length))) {
          expect(nonFiniteNumbers(r)).toEqual([]);
          if (r.value === null) expect(r).toHaveProperty('reason');
        }
      }),
    );
  });
});

describe("Cohen's kappa: properties", () => {
  it('unweighted κ, SE and H0 SE equal the explicit FCE 1969 formulas (statsmodels form)', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const r = cohenKappaFromTable(table);
        const o = fceUnweighted(table);
        if (r.value === null) {
          expect(r.n < 2 || !Number.isFinite(o.kappa)).toBe(true);
          return;
        }
        expect(r.value).toBeCloseTo(o.kappa, 10);
        expect(r.observedAgreement).toBeCloseTo(o.po, 12);
        expect(r.expectedAgreement).toBeCloseTo(o.pe, 12);
        // variances, not SEs: √ turns a rounding residue of a zero variance into ~1e-9
        expect(r.se! ** 2).toBeCloseTo(o.v, 12);
        expect(r.seH0! ** 2).toBeCloseTo(o.v0, 12);
      }),
    );
  });

  it('is symmetric in the two readers', () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 2], n: [1, 30], missing: true }), weightsArb, (data, w) => {
        const t = tableOf(data);
        const weights = weightsFor(w, t.categories.length);
        const ab = cohenKappa(t, 'r1', 'r2', weights);
        const ba = cohenKappa(t, 'r2', 'r1', weights);
        expect(ba.value === null).toBe(ab.value === null);
        if (ab.value === null || ba.value === null) return;
        for (const key of [
          'value',
          'se',
          'seH0',
          'z',
          'p',
          'observedAgreement',
          'expectedAgreement',
        ] as const) {
          expect(ba[key]).toBeCloseTo(ab[key] as number, 10);
        }
        expect(ba.n).toBe(ab.n);
      }),
    );
  });

  it('is invariant to relabelling and reordering the cases', () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 3], missing: true }), weightsArb, fc.nat(), (data, w, seed) => {
        const t1 = tableOf(data);
        const t2 = tableOf({ ...data, ratings: relabelCases(data.ratings, seed) });
        const weights = weightsFor(w, t1.categories.length);
        const a = cohenKappaAllPairs(t1, weights);
        const b = cohenKappaAllPairs(t2, weights);
        expect(b.map((r) => r.readers)).toEqual(a.map((r) => r.readers));
        a.forEach((ra, i) => {
          const rb = b[i]!;
          expect(rb.value === null).toBe(ra.value === null);
          if (ra.value === null || rb.value === null) return;
          expect(rb.value).toBeCloseTo(ra.value, 12);
          expect(rb.se!).toBeCloseTo(ra.se!, 12);
          expect(rb.z!).toBeCloseTo(ra.z!, 10);
        });
      }),
    );
  });

  it('is 1 for identical readers when more than one category is used', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 6 })
          .chain((k) =>
            fc.tuple(
              fc.constant(k),
              fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: 2, maxLength: 40 }),
            ),
          ),
        weightsArb,
        ([k, values], w) => {
          fc.pre(new Set(values).size > 1);
          const t = tableOf(
            fromCells(
              values.map((v) => [v, v]),
              k,
            ),
          );
          const r = defined(cohenKappa(t, 'r1', 'r2', weightsFor(w, k)));
          expect(r.value).toBeCloseTo(1, 12);
          expect(r.observedAgreement).toBeCloseTo(1, 12);
          expect(r.se).toBeCloseTo(0, 6);
        },
      ),
    );
  });

  it('every pair, sorted with r1 < r2 by compareIds', () => {
    expect(readerPairs(['10', '2', '1'])).toEqual([
      ['1', '2'],
      ['1', '10'],
      ['2', '10'],
    ]);
    expect(readerPairs(['b', 'a', 'c'])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    const t = tableOf(
      fromCells(
        [
          [0, 1, 1],
          [1, 1, 0],
          [1, 0, 0],
        ],
        2,
      ),
    );
    expect(cohenKappaAllPairs(t).map((r) => r.readers)).toEqual([
      ['r1', 'r2'],
      ['r1', 'r3'],
      ['r2', 'r3'],
    ]);
  });
});
