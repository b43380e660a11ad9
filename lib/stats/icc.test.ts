import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dist } from './distributions';
import { icc, ICC_FORMS, iccOfMatrix, type IccResult } from './icc';
import { numericTable, type RatingTable } from './ratings';
import { loadRatings } from './test-golden';

type Defined = Extract<IccResult, { forms: unknown }>;
function defined(r: IccResult): Defined {
  if (!('forms' in r)) throw new Error(r.reason);
  return r;
}

const hasNaN = (x: unknown): boolean =>
  typeof x === 'number'
    ? Number.isNaN(x)
    : typeof x === 'object' && x !== null && Object.values(x).some(hasNaN);

const sf = () => defined(icc(numericTable(loadRatings('shrout_fleiss_1979.csv'))));

describe('ICC on Shrout & Fleiss (1979) Table 2', () => {
  it('matches psych::ICC confidence bounds as printed (dwoll/RExRepos interRaterICC.md)', () => {
    const printed: Record<string, [number, number, number, number]> = {
      // lower (3 decimals), upper (2 decimals)
      ICC1: [-0.133, 3, 0.72, 2],
      ICC2: [0.019, 3, 0.76, 2],
      ICC3: [0.342, 3, 0.95, 2],
      ICC1k: [-0.884, 3, 0.91, 2],
      ICC2k: [0.071, 3, 0.93, 2],
      ICC3k: [0.676, 3, 0.99, 2],
    };
    const r = sf();
    for (const f of ICC_FORMS) {
      const [lo, dlo, hi, dhi] = printed[f]!;
      expect(Math.abs(r.forms[f].ci95[0]! - lo), `${f} lower`).toBeLessThanOrEqual(0.5 * 10 ** -dlo);
      expect(Math.abs(r.forms[f].ci95[1]! - hi), `${f} upper`).toBeLessThanOrEqual(0.5 * 10 ** -dhi);
    }
  });

  it('gives the F tests of each form', () => {
    const r = sf();
    expect(r.forms.ICC1).toMatchObject({ df1: 5, df2: 18 });
    expect(r.forms.ICC1k).toMatchObject({ df1: 5, df2: 18, F: r.forms.ICC1.F, p: r.forms.ICC1.p });
    for (const f of ['ICC2', 'ICC3', 'ICC2k', 'ICC3k'] as const) {
      expect(r.forms[f]).toMatchObject({ df1: 5, df2: 15, F: r.forms.ICC3.F, p: r.forms.ICC3.p });
    }
    expect(r.forms.ICC3.F).toBeCloseTo(r.anova_mean_squares.MSR / r.anova_mean_squares.MSE, 12);
    expect(r).toMatchObject({ n: 6, k: 4, n_excluded_incomplete: 0, default_form: 'ICC2' });
    expect(r.value).toBe(r.forms.ICC2.value);
  });

  it('ICC2k bounds equal McGraw & Wong ICC(A,k) with the single-measure Satterthwaite df', () => {
    const r = sf();
    const { MSR, MSC, MSE } = r.anova_mean_squares;
    const { n, k } = r;
    const rho = r.forms.ICC2.value!;
    // psych's form of v, written with Fj = MSC/MSE.
    const Fj = MSC / MSE;
    const v =
      ((k - 1) * (n - 1) * (k * rho * Fj + n * (1 + (k - 1) * rho) - k * rho) ** 2) /
      ((n - 1) * k ** 2 * rho ** 2 * Fj ** 2 + (n * (1 + (k - 1) * rho) - k * rho) ** 2);
    expect(r.implementations.port_mcgraw_wong_as_irr.df2_irr_satterthwaite).toBeCloseTo(v, 10);
    const FL = dist.fQuantile(0.975, n - 1, v);
    const FU = dist.fQuantile(0.975, v, n - 1);
    expect(r.forms.ICC2k.ci95[0]).toBeCloseTo((n * (MSR - FL * MSE)) / (FL * (MSC - MSE) + n * MSR), 12);
    expect(r.forms.ICC2k.ci95[1]).toBeCloseTo((n * (FU * MSR - MSE)) / (MSC - MSE + n * FU * MSR), 12);
  });
});

describe('icc', () => {
  it('uses complete cases only and counts the others', () => {
    const t: RatingTable = {
      cases: ['a', 'b', 'c', 'd'],
      readers: ['r1', 'r2'],
      cells: [
        [1, 2],
        [3, 3],
        [null, 5],
        [6, 8],
      ],
    };
    const r = defined(icc(t));
    expect(r).toMatchObject({ n: 3, k: 2, n_excluded_incomplete: 1 });
    expect(r).toEqual(
      iccOfMatrix(
        [
          [1, 2],
          [3, 3],
          [6, 8],
        ],
        1,
      ),
    );
  });

  it('gives null, not a huge number, when a denominator cancels to rounding noise', () => {
    // MSR + (MSC − MSE)/n is 0 here in exact arithmetic; in floating point it is about 1e-16,
    // which once gave ICC(A,k) ≈ 5e15 (and a different value with the readers reordered).
    const rows = [
      [6, 3, 0],
      [2, 5, 2],
      [3, 5, 5],
      [5, 1, 7],
    ];
    for (const m of [rows, rows.map(([x, y, z]) => [z!, x!, y!])]) {
      const r = iccOfMatrix(m);
      if (!('forms' in r)) throw new Error('expected forms');
      expect(r.forms.ICC2k).toMatchObject({ value: null, reason: expect.stringMatching(/denominator/) });
    }
  });

  it('is invariant to the order of readers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }), {
          minLength: 2,
          maxLength: 12,
        }),
        (rows) => {
          const a = iccOfMatrix(rows);
          const b = iccOfMatrix(rows.map(([x, y, z]) => [z!, x!, y!]));
          if (!('forms' in a) || !('forms' in b)) return false;
          return ICC_FORMS.every((f) => {
            const x = a.forms[f];
            const y = b.forms[f];
            if (x.value === null || y.value === null) return x.value === y.value;
            return Math.abs(x.value - y.value) < 1e-9 && (x.p === null) === (y.p === null);
          });
        },
      ),
    );
  });

  it('never returns NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }), {
          minLength: 0,
          maxLength: 5,
        }),
        (rows) => !hasNaN(iccOfMatrix(rows)),
      ),
    );
  });

  it('reports degenerate inputs as null with a reason', () => {
    expect(iccOfMatrix([[1, 2]])).toMatchObject({ value: null, reason: expect.stringMatching(/2 cases/) });
    expect(iccOfMatrix([[1], [2]])).toMatchObject({
      value: null,
      reason: expect.stringMatching(/2 readers/),
    });
    expect(iccOfMatrix([])).toMatchObject({ value: null });
    const allMissing: RatingTable = {
      cases: ['a', 'b'],
      readers: ['A', 'B'],
      cells: [
        [null, 1],
        [2, null],
      ],
    };
    expect(icc(allMissing)).toMatchObject({
      value: null,
      n: 0,
      k: 2,
      n_excluded_incomplete: 2,
      reason: expect.stringMatching(/every reader/),
    });
    const constant = defined(
      iccOfMatrix([
        [4, 4],
        [4, 4],
        [4, 4],
      ]),
    );
    for (const f of ICC_FORMS) {
      expect(constant.forms[f]).toMatchObject({ value: null, reason: expect.stringMatching(/no variance/) });
    }
    expect(hasNaN(constant)).toBe(false);
  });

  it('gives 1 for perfect agreement, with the untestable F as null', () => {
    const r = defined(
      iccOfMatrix([
        [1, 1, 1],
        [2, 2, 2],
        [5, 5, 5],
      ]),
    );
    for (const f of ICC_FORMS) expect(r.forms[f].value).toBe(1);
    expect(r.forms.ICC3).toMatchObject({ F: null, p: null });
    expect(hasNaN(r)).toBe(false);
  });
});
