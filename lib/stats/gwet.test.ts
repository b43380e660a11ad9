import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contingencyTable } from './cohen-kappa';
import { gwetAC, gwetACFromTable, type GwetAC } from './gwet';
import { fromCells, nonFiniteNumbers, ratingsArb, relabelCases, tableOf } from './test-categorical';
import { WEIGHT_SCHEMES } from './weights';

const ac = (r: GwetAC | { value: null; reason: string }): GwetAC => {
  if (r.value === null) throw new Error(`undefined: ${r.reason}`);
  return r;
};

describe("Gwet's AC1/AC2 (raw data, irrCAC gwet.ac1.raw)", () => {
  it('worked example: pa, pe over the declared categories, AC1', () => {
    // 2 readers, 3 declared categories (the third unused), 4 cases
    const t = tableOf(
      fromCells(
        [
          [0, 0],
          [0, 1],
          [1, 1],
          [0, 0],
        ],
        3,
      ),
    );
    const r = ac(gwetAC(t));
    expect(r.coefficient).toBe('AC1');
    expect(r.pa).toBeCloseTo(0.75, 15);
    // π = (5/8, 3/8, 0); pe = Σπ(1 − π)/(q − 1) = (15/64 + 15/64)/2
    expect(r.pe).toBeCloseTo(15 / 64, 15);
    expect(r.value).toBeCloseTo((0.75 - 15 / 64) / (1 - 15 / 64), 15);
    expect(r.n).toBe(4);
    // declaring only the 2 used categories changes pe: q is the number of declared categories
    const t2 = tableOf(fromCells(t.cells as number[][], 2));
    expect(ac(gwetAC(t2)).pe).toBeCloseTo(30 / 64, 15);
  });

  it('on complete 2-reader data has the coefficient of the table form (variances differ)', () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 2], n: [2, 30] }), fc.constantFrom(...WEIGHT_SCHEMES), (data, w) => {
        const t = tableOf(data);
        const raw = gwetAC(t, w);
        const tab = gwetACFromTable(contingencyTable(t, 'r1', 'r2'), w);
        expect(tab.value === null).toBe(raw.value === null);
        if (raw.value === null || tab.value === null) return;
        expect(tab.value).toBeCloseTo(raw.value, 12);
        expect(tab.pa).toBeCloseTo(raw.pa, 12);
        expect(tab.pe).toBeCloseTo(raw.pe, 12);
        expect(tab.coefficient).toBe(raw.coefficient);
        if (t.categories.length > 2) expect(raw.coefficient).toBe(w === 'identity' ? 'AC1' : 'AC2');
      }),
    );
  });

  it('is 1 when every reader chose the same single category (pe = 0, not 0/0), as irrCAC', () => {
    const r = ac(
      gwetAC(
        tableOf(
          fromCells(
            [
              [1, 1],
              [1, 1],
              [1, 1],
            ],
            3,
          ),
        ),
      ),
    );
    expect(r.value).toBe(1);
    expect(r.pe).toBe(0);
    expect(r.se).toBe(0);
    expect(r.ci95).toEqual([1, 1]);
  });

  it('clips the upper CI end at 1 and never returns NaN; invariant to case order', () => {
    fc.assert(
      fc.property(
        ratingsArb({ m: [1, 4], n: [0, 20], missing: true }),
        fc.constantFrom(...WEIGHT_SCHEMES),
        fc.nat(),
        (data, w, seed) => {
          const a = gwetAC(tableOf(data), w);
          expect(nonFiniteNumbers(a)).toEqual([]);
          if (a.value === null) {
            expect(a.reason).toBeTruthy();
            return;
          }
          if (a.ci95) expect(a.ci95[1]).toBeLessThanOrEqual(1);
          const b = ac(gwetAC(tableOf({ ...data, ratings: relabelCases(data.ratings, seed) }), w));
          expect(b.value).toBeCloseTo(a.value, 12);
          expect(b.se ?? -1).toBeCloseTo(a.se ?? -1, 12);
        },
      ),
    );
  });

  it('null with a reason: < 2 declared categories, < 2 rated cases, no case with 2 ratings', () => {
    expect(
      gwetAC(
        tableOf(
          fromCells(
            [
              [0, 0],
              [0, 0],
            ],
            1,
          ),
        ),
      ),
    ).toMatchObject({ value: null });
    expect(gwetAC(tableOf(fromCells([[0, 1]], 2)))).toMatchObject({ value: null });
    expect(
      gwetAC(
        tableOf(
          fromCells(
            [
              [0, null],
              [null, 1],
            ],
            2,
          ),
        ),
      ),
    ).toMatchObject({ value: null });
    expect(gwetACFromTable([[1]])).toMatchObject({ value: null });
    expect(
      gwetACFromTable([
        [1, 0],
        [0, 0],
      ]),
    ).toMatchObject({ value: null });
  });
});

describe("Gwet's AC1/AC2 two-rater table formula (Gwet 2008, irrCAC gwet.ac1.table)", () => {
  it('never NaN; CI upper end ≤ 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((k) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: k, maxLength: k }), {
            minLength: k,
            maxLength: k,
          }),
        ),
        fc.constantFrom(...WEIGHT_SCHEMES),
        (table, w) => {
          const r = gwetACFromTable(table, w);
          expect(nonFiniteNumbers(r)).toEqual([]);
          if (r.value !== null && r.ci95) expect(r.ci95[1]).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
