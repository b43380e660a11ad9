import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreementFromDisagreement,
  customWeights,
  identityWeights,
  isIdentity,
  linearWeights,
  ordinalWeights,
  parseDisagreementMatrix,
  quadraticWeights,
  weightMatrix,
  WEIGHT_SCHEMES,
} from './weights';

const close = (a: number[][], b: number[][]) =>
  a.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(b[i]![j]!, 12)));

describe('weight matrices', () => {
  it('identity', () => {
    expect(identityWeights(3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(isIdentity(identityWeights(4))).toBe(true);
    expect(isIdentity(linearWeights(4))).toBe(false);
  });

  it('linear (Cicchetti–Allison) on ranks: 1, .75, .5, .25, 0 for 5 categories', () => {
    expect(linearWeights(5)[0]).toEqual([1, 0.75, 0.5, 0.25, 0]);
    close(linearWeights(3), [
      [1, 0.5, 0],
      [0.5, 1, 0.5],
      [0, 0.5, 1],
    ]);
  });

  it('quadratic (Fleiss–Cohen) on ranks', () => {
    close(quadraticWeights(4), [
      [1, 8 / 9, 5 / 9, 0],
      [8 / 9, 1, 8 / 9, 5 / 9],
      [5 / 9, 8 / 9, 1, 8 / 9],
      [0, 5 / 9, 8 / 9, 1],
    ]);
  });

  it("ordinal (Gwet's irrCAC ordinal.weights)", () => {
    // n_kl = |k−l|+1, v = n(n−1)/2: 0,1,3,6 for 4 categories, divided by 6
    close(ordinalWeights(4), [
      [1, 5 / 6, 3 / 6, 0],
      [5 / 6, 1, 5 / 6, 3 / 6],
      [3 / 6, 5 / 6, 1, 5 / 6],
      [0, 3 / 6, 5 / 6, 1],
    ]);
    close(ordinalWeights(3), [
      [1, 2 / 3, 0],
      [2 / 3, 1, 2 / 3],
      [0, 2 / 3, 1],
    ]);
  });

  it('a single category has the single weight 1', () => {
    for (const s of WEIGHT_SCHEMES) expect(weightMatrix(s, 1)).toEqual([[1]]);
  });

  it('every scheme is symmetric, 1 on the diagonal, in [0, 1], 0 at the extremes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WEIGHT_SCHEMES), fc.integer({ min: 2, max: 9 }), (s, k) => {
        const w = weightMatrix(s, k);
        expect(w).toHaveLength(k);
        for (let i = 0; i < k; i++) {
          expect(w[i]![i]).toBe(1);
          for (let j = 0; j < k; j++) {
            expect(w[i]![j]).toBe(w[j]![i]);
            expect(w[i]![j]).toBeGreaterThanOrEqual(0);
            expect(w[i]![j]).toBeLessThanOrEqual(1);
          }
        }
        expect(w[0]![k - 1]).toBe(0);
      }),
    );
  });

  it('rejects a non-positive number of categories', () => {
    expect(() => identityWeights(0)).toThrow();
    expect(() => linearWeights(2.5)).toThrow();
  });
});

describe('custom (disagreement) weights', () => {
  it("parses Cohen's 1968 disagreement weights and converts them to agreement weights", () => {
    expect(parseDisagreementMatrix('0,1,3;1,0,6;3,6,0')).toEqual([
      [0, 1, 3],
      [1, 0, 6],
      [3, 6, 0],
    ]);
    close(customWeights(' 0, 1, 3 ; 1, 0, 6 ; 3, 6, 0 ', 3), [
      [1, 5 / 6, 0.5],
      [5 / 6, 1, 0],
      [0.5, 0, 1],
    ]);
  });

  it('linear disagreement weights give linear agreement weights', () => {
    close(
      agreementFromDisagreement([
        [0, 1, 2],
        [1, 0, 1],
        [2, 1, 0],
      ]),
      linearWeights(3),
    );
  });

  it('rejects malformed matrices', () => {
    expect(() => parseDisagreementMatrix('0,1;1')).toThrow(/square/);
    expect(() => parseDisagreementMatrix('0,x;1,0')).toThrow();
    expect(() => parseDisagreementMatrix('0,;1,0')).toThrow();
    expect(() => parseDisagreementMatrix('0,-1;1,0')).toThrow();
    expect(() => parseDisagreementMatrix('0,0;0,0')).toThrow(/positive/);
    expect(() => customWeights('0,1;1,0', 3)).toThrow(/3 declared categories/);
  });
});
