import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaAllPairs } from './cohen-kappa';
import { lightsKappa } from './light-kappa';
import { fromCells, nonFiniteNumbers, ratingsArb, tableOf } from './test-categorical';

const CELLS = [
  [0, 0, 1],
  [1, 1, 1],
  [2, 2, 2],
  [0, 1, 0],
  [2, 2, null],
  [null, 1, 1],
  [1, 1, 2],
];

describe("Light's kappa", () => {
  it('is the mean of the pairwise Cohen kappas, each on its co-rated cases', () => {
    const t = tableOf(fromCells(CELLS, 3));
    const pairs = cohenKappaAllPairs(t);
    const r = lightsKappa(t);
    if (r.value === null) throw new Error(r.reason);
    expect(r.cases).toBe('pairwise');
    expect(r.pairs.map((p) => p.n)).toEqual([6, 5, 6]);
    expect(r.value).toBeCloseTo(pairs.reduce((a, p) => a + (p.value as number), 0) / 3, 15);
  });

  it('on complete cases (irr kappam.light) uses only the cases every reader rated', () => {
    const t = tableOf(fromCells(CELLS, 3));
    const r = lightsKappa(t, 'unweighted', 'complete');
    if (r.value === null) throw new Error(r.reason);
    expect(r.pairs.map((p) => p.n)).toEqual([5, 5, 5]);
    const complete = tableOf(
      fromCells(
        CELLS.filter((row) => !row.includes(null)),
        3,
      ),
    );
    expect(r.value).toBeCloseTo(lightsKappa(complete).value as number, 15);
  });

  it("with 2 readers equals Cohen's kappa", () => {
    fc.assert(
      fc.property(ratingsArb({ m: [2, 2], n: [1, 20], missing: true }), (data) => {
        const t = tableOf(data);
        expect(lightsKappa(t, 'linear').value).toBe(cohenKappa(t, 'r1', 'r2', 'linear').value);
      }),
    );
  });

  it('is null with a reason when a pair kappa is undefined or there is no pair; never NaN', () => {
    const t = tableOf(
      fromCells(
        [
          [0, 0, 0],
          [0, 0, 1],
          [0, 0, 0],
        ],
        2,
      ),
    );
    const r = lightsKappa(t);
    expect(r.value).toBeNull();
    expect('reason' in r && r.reason).toMatch(/readers r1 and r2/);
    expect(lightsKappa(tableOf(fromCells([[0], [1]], 2)))).toMatchObject({ value: null, pairs: [] });
    fc.assert(
      fc.property(ratingsArb({ m: [1, 4], n: [0, 10], missing: true }), (data) => {
        expect(nonFiniteNumbers(lightsKappa(tableOf(data)))).toEqual([]);
      }),
    );
  });
});
