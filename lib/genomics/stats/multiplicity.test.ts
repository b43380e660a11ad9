import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json';
import { benjaminiHochberg, bonferroni } from './multiplicity';

const close = (actual: number | null | undefined, expected: number, rel = 1e-10) => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe('Benjamini–Hochberg and Bonferroni', () => {
  it.each(reference.multiplicity)('$name: q as scipy false_discovery_control(method="bh")', (ref) => {
    const q = benjaminiHochberg(ref.p);
    ref.bh.forEach((expected, i) => close(q[i], expected!));
    const bonf = bonferroni(ref.p);
    ref.bonferroni.forEach((expected, i) => close(bonf[i], expected!, 1e-15));
  });

  it('Benjamini & Hochberg (1995): at 0.05 exactly the 4 smallest of the 15 p-values are rejected', () => {
    const ref = reference.multiplicity[0]!;
    const q = benjaminiHochberg(ref.p);
    const rejected = q.flatMap((v, i) => (v !== null && v <= 0.05 ? [i] : []));
    expect(rejected).toEqual([0, 1, 2, 3]);
    expect(rejected.length).toBe(ref.published!.rejectedAt05);
    // Bonferroni rejects only p ≤ 0.05/15.
    expect(bonferroni(ref.p).filter((v) => v !== null && v <= 0.05).length).toBe(3);
  });

  it('nulls (cells without a test) stay null and do not count in m', () => {
    const ref = reference.multiplicity[0]!;
    const withNulls = [null, ...ref.p.slice(0, 7), null, null, ...ref.p.slice(7), null];
    const q = benjaminiHochberg(withNulls);
    expect(q.filter((v) => v === null).length).toBe(4);
    expect(q.filter((v): v is number => v !== null)).toEqual(benjaminiHochberg(ref.p));
    expect(bonferroni(withNulls).filter((v): v is number => v !== null)).toEqual(bonferroni(ref.p));
    expect(benjaminiHochberg([null, null])).toEqual([null, null]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(bonferroni([0.01, null])).toEqual([0.01, null]);
  });

  it('tied p-values get the same q whatever their order', () => {
    const q = benjaminiHochberg([0.04, 0.01, 0.04, 0.01]);
    expect(q).toEqual([0.04, 0.02, 0.04, 0.02]);
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.2, 1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
    expect(() => bonferroni([-0.1])).toThrow(RangeError);
  });

  it('q is monotone in p, never below p, at most 1, and at most the Bonferroni p', () => {
    const pArb = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(0, 0.01, 0.05, 1),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(pArb, { maxLength: 40 }), (p) => {
        const q = benjaminiHochberg(p);
        const bonf = bonferroni(p);
        p.forEach((pi, i) => {
          const qi = q[i]!;
          if (pi === null) {
            expect(qi).toBeNull();
            return;
          }
          expect(qi).not.toBeNull();
          expect(qi).toBeGreaterThanOrEqual(pi);
          expect(qi).toBeLessThanOrEqual(1);
          expect(qi).toBeLessThanOrEqual(bonf[i]!);
          p.forEach((pj, j) => {
            if (pj !== null && pi <= pj) expect(qi).toBeLessThanOrEqual(q[j]!);
          });
        });
      }),
    );
  });
});
