import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tTwoSidedP } from './distributions';
import reference from './fixtures/reference.json';
import { spearman } from './spearman';

const close = (actual: number | null | undefined, expected: number, rel = 1e-10) => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe('Spearman rank correlation', () => {
  it.each(reference.spearman)('$name: ρ and p as scipy spearmanr', (ref) => {
    const r = spearman(ref.x, ref.y);
    expect(r.test).toBe('spearman');
    expect(r.reason).toBeNull();
    close(r.statistic, ref.rho);
    close(r.p, ref.p);
    expect(r.df).toBe(ref.x.length - 2);
    expect(r.effect?.name).toBe('spearman_rho');
    expect(r.effect?.value).toBe(r.statistic);
    if (ref.ci === null) expect(r.effect?.ci).toBeNull();
    else {
      close(r.effect?.ci?.[0], ref.ci[0]!, 1e-12);
      close(r.effect?.ci?.[1], ref.ci[1]!, 1e-12);
    }
  });

  it('the scipy documentation example: ρ = 0.8207826816681233, p = 0.08858700531354381', () => {
    const ref = reference.spearman[0]!;
    const r = spearman(ref.x, ref.y);
    close(r.statistic, ref.published!.rho, 1e-15);
    close(r.p, ref.published!.p, 1e-14);
  });

  it('a perfect monotone relation: ρ = 1, p = 0, no t and no CI', () => {
    const r = spearman([1, 2, 3, 4, 5], [2, 4, 8, 16, 32]);
    expect(r.statistic).toBe(1);
    expect(r.p).toBe(0);
    expect(r.t).toBeNull();
    expect(r.effect?.ci).toBeNull();
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1]).statistic).toBe(-1);
  });

  it('the CI needs n ≥ 4 and contains ρ', () => {
    expect(spearman([1, 2, 3], [1, 3, 2]).effect?.ci).toBeNull();
    const r = spearman([1, 2, 3, 4], [1, 3, 2, 4]);
    const [lo, hi] = r.effect!.ci!;
    expect(lo).toBeLessThan(r.statistic!);
    expect(hi).toBeGreaterThan(r.statistic!);
  });

  it('is symmetric, invariant under increasing transformations, odd under negation, within [−1, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -3, max: 3 })), {
          minLength: 3,
          maxLength: 25,
        }),
        (pairs) => {
          const x = pairs.map(([a]) => a);
          const y = pairs.map(([, b]) => b);
          const r = spearman(x, y);
          if (r.statistic === null) {
            expect(r.p).toBeNull();
            expect(r.reason).toMatch(/tied/);
            return;
          }
          expect(Math.abs(r.statistic)).toBeLessThanOrEqual(1);
          expect(r.p).toBeGreaterThanOrEqual(0);
          expect(r.p).toBeLessThanOrEqual(1);
          expect(spearman(y, x).statistic).toBeCloseTo(r.statistic, 12);
          expect(
            spearman(
              x.map((v) => v ** 3 + 2),
              y.map(Math.exp),
            ).statistic,
          ).toBeCloseTo(r.statistic, 12);
          expect(
            spearman(
              x,
              y.map((v) => -v),
            ).statistic,
          ).toBeCloseTo(-r.statistic, 12);
        },
      ),
    );
  });

  it('degenerate input: n < 3, or a series with every value tied, gives p null with a reason', () => {
    const two = spearman([1, 2], [2, 1]);
    expect(two.p).toBeNull();
    expect(two.statistic).toBeNull();
    expect(two.reason).toBe('2 pairs: need at least 3');
    expect(spearman([], []).reason).toBe('0 pairs: need at least 3');
    const flat = spearman([1, 2, 3, 4], [5, 5, 5, 5]);
    expect(flat.p).toBeNull();
    expect(flat.method).toBeNull();
    expect(flat.effect?.value).toBeNull();
    expect(flat.reason).toBe('no variation: all values of the second series are tied');
    expect(spearman([7, 7, 7], [7, 7, 7]).reason).toMatch(/both series/);
  });

  it('rejects series of different lengths or non-finite values', () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
    expect(() => spearman([1, 2, Number.NaN], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('t two-sided p', () => {
  it.each(reference.tails.tTwoSided)(
    't = $t, df = $df as 2·scipy t.sf(|t|), far into the tail',
    ({ t, df, p }) => {
      close(tTwoSidedP(t, df), p, 1e-10);
    },
  );
});
