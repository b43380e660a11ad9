import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalTwoSidedP } from './distributions';
import reference from './fixtures/reference.json';
import { mannWhitney, mannWhitneyCounts } from './mann-whitney';

const close = (actual: number | null | undefined, expected: number, rel = 1e-10) => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

const NORMAL = 'normal approximation (tie-corrected variance), continuity-corrected';

describe('Mann–Whitney U', () => {
  it.each(reference.mannWhitney)('$name: U₁ and p as scipy mannwhitneyu(method=$method)', (ref) => {
    const r = mannWhitney(ref.x, ref.y);
    expect(r.test).toBe('mann_whitney');
    expect(r.reason).toBeNull();
    expect(r.method).toBe(ref.method === 'exact' ? 'exact' : NORMAL);
    expect(r.statistic).toBe(ref.U1);
    close(r.p, ref.p);
    expect(r.effect).toEqual({ name: 'auc', value: ref.auc, ci: null });
    expect(r.n1).toBe(ref.x.length);
    expect(r.n2).toBe(ref.y.length);
  });

  it("R's wilcox.test example: W = 35, one-sided p = 0.1272", () => {
    const ref = reference.mannWhitney[0]!;
    const r = mannWhitney(ref.x, ref.y);
    expect(r.statistic).toBe(ref.published!.W);
    expect((r.p! / 2).toFixed(4)).toBe(ref.published!.pOneSidedGreater.toFixed(4));
    expect(r.effect?.value).toBe(0.7);
  });

  it('follows R: exact below 50 per group without ties, normal approximation otherwise', () => {
    const x49 = Array.from({ length: 49 }, (_, i) => 2 * i);
    const y49 = Array.from({ length: 49 }, (_, i) => 2 * i + 1.5);
    expect(mannWhitney(x49, y49).method).toBe('exact');
    expect(mannWhitney([...x49, 1000], y49).method).toBe(NORMAL);
    expect(mannWhitney([1, 2, 3], [3, 4, 5]).method).toBe(NORMAL);
    expect(mannWhitney([1, 2, 3], [3, 4, 5]).ties).toBe(true);
  });

  it('swapping the groups mirrors U and the AUC and keeps p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 12 }),
        (x, y) => {
          const a = mannWhitney(x, y);
          const b = mannWhitney(y, x);
          expect(a.statistic! + b.statistic!).toBe(x.length * y.length);
          expect(a.effect!.value! + b.effect!.value!).toBeCloseTo(1, 12);
          if (a.p === null) expect(b.p).toBeNull();
          else expect(b.p).toBeCloseTo(a.p, 12);
          // AUC = P(X₁ > X₂) + ½ P(X₁ = X₂), by brute force.
          let wins = 0;
          for (const u of x) for (const v of y) wins += u > v ? 1 : u === v ? 0.5 : 0;
          expect(a.effect!.value).toBeCloseTo(wins / (x.length * y.length), 12);
        },
      ),
    );
  });

  it('the exact null distribution of U: symmetric counts summing to C(m + n, m)', () => {
    expect([...mannWhitneyCounts(2, 2)]).toEqual([1, 1, 2, 1, 1]);
    expect([...mannWhitneyCounts(3, 1)]).toEqual([1, 1, 1, 1]);
    expect([...mannWhitneyCounts(0, 4)]).toEqual([1]);
    const counts = mannWhitneyCounts(5, 7);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(792);
    expect([...counts]).toEqual([...counts].reverse());
    // C(98, 49) ≈ 2.5e28: counts are doubles, the total keeps 1e-12 relative accuracy.
    const big = mannWhitneyCounts(49, 49);
    close(
      big.reduce((s, c) => s + c, 0),
      25477612258980856902730428600,
      1e-12,
    );
  });

  it('complete separation of small groups: p is the smallest possible exact p', () => {
    const r = mannWhitney([5, 6, 7], [1, 2, 3]);
    expect(r.p).toBeCloseTo(2 / 20, 15);
    expect(r.effect?.value).toBe(1);
  });

  it('degenerate input: an empty group, or every value tied, gives p null with a reason', () => {
    const empty = mannWhitney([], [1, 2]);
    expect(empty.p).toBeNull();
    expect(empty.statistic).toBeNull();
    expect(empty.effect?.value).toBeNull();
    expect(empty.reason).toMatch(/first group/);
    expect(mannWhitney([1], []).reason).toMatch(/second group/);
    const tied = mannWhitney([2, 2, 2], [2, 2]);
    expect(tied.p).toBeNull();
    expect(tied.method).toBeNull();
    expect(tied.reason).toMatch(/tied/);
    expect(tied.statistic).toBe(3);
    expect(tied.effect?.value).toBe(0.5);
  });

  it('rejects non-finite values', () => {
    expect(() => mannWhitney([1, Number.NaN], [2])).toThrow(RangeError);
  });
});

describe('normal two-sided p', () => {
  it.each(reference.tails.normalTwoSided)('z = $z as 2·scipy norm.sf(|z|), far into the tail', ({ z, p }) => {
    close(normalTwoSidedP(z), p, 1e-12);
  });
});
