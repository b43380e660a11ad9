import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blandAltman } from './bland-altman';
import { icc, ICC_FORMS, type IccResult } from './icc';
import { krippendorffAlpha, type AlphaMetric } from './krippendorff';
import { categoricalTable, compareIds, numericTable, type Rating, type RatingTable } from './ratings';
import { agrees, loadRatings, publishedValues, type PublishedValue } from './test-golden';

/** The published fields this file owns: every one must have an extractor below. */
const OWNED = /^(krippendorff_alpha|icc)\./;

/**
 * The dataset as a table: numeric when the entry's scale is interval or ratio; otherwise categorical, in the
 * entry's declared categories or, without them, the sorted distinct values (numbers numerically).
 */
function tableFor(entry: PublishedValue): RatingTable {
  const ratings = loadRatings(entry.dataset);
  if (entry.scale === 'interval' || entry.scale === 'ratio') return numericTable(ratings);
  return categoricalTable(ratings, entry.categories ?? distinctValues(ratings));
}

function distinctValues(ratings: Rating[]): string[] {
  const values = [...new Set(ratings.filter((r) => r.value !== null).map((r) => String(r.value)))];
  return values.sort(compareIds);
}

const alpha = (metric: AlphaMetric) => (e: PublishedValue) => krippendorffAlpha(tableFor(e), metric).value;

function iccOf(e: PublishedValue): Extract<IccResult, { forms: unknown }> {
  const result = icc(tableFor(e));
  if (!('forms' in result)) throw new Error(`ICC undefined on ${e.dataset}: ${result.reason}`);
  return result;
}

type Extractor = (e: PublishedValue) => number | null | undefined;

const EXTRACTORS: Record<string, Extractor> = {
  'krippendorff_alpha.nominal.alpha': alpha('nominal'),
  'krippendorff_alpha.ordinal.alpha': alpha('ordinal'),
  'krippendorff_alpha.interval.alpha': alpha('interval'),
  'krippendorff_alpha.ratio.alpha': alpha('ratio'),
  'icc.anova_mean_squares.MSR': (e) => iccOf(e).anova_mean_squares.MSR,
  'icc.anova_mean_squares.MSC': (e) => iccOf(e).anova_mean_squares.MSC,
  'icc.anova_mean_squares.MSE': (e) => iccOf(e).anova_mean_squares.MSE,
  'icc.anova_mean_squares.MSW': (e) => iccOf(e).anova_mean_squares.MSW,
  'icc.forms.ICC2.implementations.port_mcgraw_wong_as_irr.df2_irr_satterthwaite': (e) =>
    iccOf(e).implementations.port_mcgraw_wong_as_irr.df2_irr_satterthwaite,
  'icc.forms.ICC2.implementations.port_mcgraw_wong_as_irr.p_irr': (e) =>
    iccOf(e).implementations.port_mcgraw_wong_as_irr.p_irr,
  ...Object.fromEntries(
    ICC_FORMS.flatMap((form): [string, Extractor][] => [
      [`icc.forms.${form}.icc`, (e) => iccOf(e).forms[form].value],
      [`icc.forms.${form}.F`, (e) => iccOf(e).forms[form].F],
      [`icc.forms.${form}.df1`, (e) => iccOf(e).forms[form].df1],
      [`icc.forms.${form}.df2`, (e) => iccOf(e).forms[form].df2],
      [`icc.forms.${form}.p`, (e) => iccOf(e).forms[form].p],
      [`icc.forms.${form}.ci95.0`, (e) => iccOf(e).forms[form].ci95[0]],
      [`icc.forms.${form}.ci95.1`, (e) => iccOf(e).forms[form].ci95[1]],
    ]),
  ),
};

const owned = publishedValues().filter((e) => OWNED.test(e.field));

describe('golden: Krippendorff alpha and ICC against published values', () => {
  it('covers every published krippendorff_alpha/icc field', () => {
    expect(owned.length).toBeGreaterThan(0);
    expect(owned.filter((e) => !(e.field in EXTRACTORS)).map((e) => `${e.dataset}: ${e.field}`)).toEqual([]);
  });

  it.each(owned.map((e) => [`${e.dataset} ${e.field} = ${e.value} (${e.source})`, e] as const))(
    '%s',
    (_, e) => {
      const extract = EXTRACTORS[e.field];
      if (!extract) throw new Error(`no extractor for published field ${e.field}`);
      const computed = extract(e);
      expect(
        agrees(computed, e),
        `computed ${computed}, published ${e.value} ± ${0.5 * 10 ** -e.decimals}`,
      ).toBe(true);
    },
  );
});

/** Scott's pi of two complete series of category indices: pooled marginals. */
function scottsPi(x: number[], y: number[]): number | null {
  const n = x.length;
  const po = x.filter((v, i) => v === y[i]).length / n;
  const pooled = new Map<number, number>();
  for (const v of [...x, ...y]) pooled.set(v, (pooled.get(v) ?? 0) + 1);
  const pe = [...pooled.values()].reduce((s, c) => s + (c / (2 * n)) ** 2, 0);
  return pe === 1 ? null : (po - pe) / (1 - pe);
}

const twoReaderTable = (pairs: [number, number][]): RatingTable => ({
  cases: pairs.map((_, i) => String(i)),
  readers: ['A', 'B'],
  cells: pairs.map(([a, b]) => [a, b]),
});

describe('properties', () => {
  it('alpha nominal = 1 − (1 − π)(2N − 1)/(2N) for two readers with complete data (Krippendorff 2011)', () => {
    // With m = 2 and no missing values, n = 2N pairable values and o_ck = the symmetrised table, so
    // D_o = 1 − p_o and D_e = 2N(1 − Σ π_c²)/(2N − 1): α = 1 − (2N − 1)/(2N)·(1 − p_o)/(1 − p_e).
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 40 }), (pairs) => {
        const N = pairs.length;
        const pi = scottsPi(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        );
        const a = krippendorffAlpha(twoReaderTable(pairs), 'nominal');
        if (pi === null) return a.value === null;
        return a.value !== null && Math.abs(a.value - (1 - ((1 - pi) * (2 * N - 1)) / (2 * N))) < 1e-12;
      }),
    );
  });

  it('ICC is invariant to relabelling (permuting) cases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 3 }), {
          minLength: 3,
          maxLength: 15,
        }),
        fc.nat(),
        (rows, shift) => {
          const table = (rs: number[][]): RatingTable => ({
            cases: rs.map((_, i) => `c${i}`),
            readers: ['r1', 'r2', 'r3'],
            cells: rs,
          });
          const rotated = rows.map((_, i) => rows[(i + shift) % rows.length]!);
          const a = icc(table(rows));
          const b = icc(table([...rotated].reverse()));
          if (!('forms' in a) || !('forms' in b)) return !('forms' in a) && !('forms' in b);
          return ICC_FORMS.every((f) => {
            const x = a.forms[f].value;
            const y = b.forms[f].value;
            return x === null ? y === null : y !== null && Math.abs(x - y) < 1e-9;
          });
        },
      ),
    );
  });

  it('Bland–Altman bias is antisymmetric under swapping readers', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          ),
          {
            minLength: 0,
            maxLength: 30,
          },
        ),
        (pairs) => {
          const [ab] = blandAltman(twoReaderTable(pairs));
          const [ba] = blandAltman(twoReaderTable(pairs.map(([a, b]) => [b, a])));
          if (ab!.value === null || ba!.value === null) return ab!.value === null && ba!.value === null;
          return Math.abs(ab!.value + ba!.value) < 1e-9 && Math.abs(ab!.sd - ba!.sd) < 1e-9;
        },
      ),
    );
  });
});
