import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapPercentileCI } from './bootstrap';
import { alphaOfUnits, krippendorffAlpha, type AlphaMetric } from './krippendorff';
import { categoricalTable, numericTable, type Rating, type RatingTable } from './ratings';
import { loadRatings } from './test-golden';

const METRICS: AlphaMetric[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/**
 * Reference: Krippendorff (2011) step by step. Every ordered pair of values (i ≠ j) within a unit adds
 * 1/(m_u − 1) to o[c][k]; δ² straight from the definitions.
 */
function bruteAlpha(units: number[][], metric: AlphaMetric): number | null {
  const o = new Map<string, number>();
  const nc = new Map<number, number>();
  for (const u of units) {
    if (u.length < 2) continue;
    u.forEach((c, i) =>
      u.forEach((k, j) => {
        if (i !== j) o.set(`${c},${k}`, (o.get(`${c},${k}`) ?? 0) + 1 / (u.length - 1));
      }),
    );
    for (const c of u) nc.set(c, (nc.get(c) ?? 0) + 1);
  }
  const values = [...nc.keys()].sort((a, b) => a - b);
  const n = [...nc.values()].reduce((s, x) => s + x, 0);
  const delta = (c: number, k: number): number => {
    if (metric === 'nominal') return c === k ? 0 : 1;
    if (metric === 'interval') return (c - k) ** 2;
    if (metric === 'ratio') return c + k === 0 ? 0 : ((c - k) / (c + k)) ** 2;
    const [lo, hi] = c < k ? [c, k] : [k, c];
    const between = values.filter((g) => g >= lo && g <= hi).reduce((s, g) => s + nc.get(g)!, 0);
    return (between - (nc.get(c)! + nc.get(k)!) / 2) ** 2;
  };
  let num = 0;
  let den = 0;
  for (const c of values) {
    for (const k of values) {
      num += (o.get(`${c},${k}`) ?? 0) * delta(c, k);
      den += nc.get(c)! * nc.get(k)! * delta(c, k);
    }
  }
  return den === 0 ? null : 1 - ((n - 1) * num) / den;
}

const unitsOf = (t: RatingTable) => t.cells.map((row) => row.filter((v): v is number => v !== null));

describe('Krippendorff (2011) worked examples', () => {
  const C = numericTable(loadRatings('krippendorff2011_C.csv'));

  it('example C: n = 40 pairable values, unit 12 (one value) left out', () => {
    const a = krippendorffAlpha(C, 'nominal');
    expect(a).toMatchObject({ n_pairable: 40, n_units_pairable: 11, n_values_unpairable: 1 });
  });

  it('example C, nominal and interval as exact fractions of the coincidence sums', () => {
    // nominal: Σ o_ck δ² = 8 and Σ n_c n_k δ² = 1216; interval: 17 1/3 and 4480.
    expect(krippendorffAlpha(C, 'nominal').value).toBeCloseTo(1 - (39 * 8) / 1216, 14);
    expect(krippendorffAlpha(C, 'interval').value).toBeCloseTo(1 - (39 * 52) / 3 / 4480, 14);
  });

  it('irr kripp.alpha(…, "ordinal") = 0.255 on the Fleiss diagnoses read as 6 units × 30 coders', () => {
    // dwoll/RExRepos interRaterICC.md prints irr 0.84 kripp.alpha(ratings, method = "ordinal") = 0.255 for the
    // 30 × 6 letter matrix taken as raters × subjects (Subjects = 6, Raters = 30); letters a..e are Fleiss'
    // codes 1..5. irr divides coincidences by m_u − 1 only when some value is missing: on complete data it
    // uses 1, so its coincidences are (m − 1) times Krippendorff's and its α is
    // 1 − ((m − 1)n − 1)/((m − 1)(n − 1))·(1 − α). Annolex follows Krippendorff (2011) and so gives 0.2593.
    const categories = ['depression', 'personality_disorder', 'schizophrenia', 'neurosis', 'other'];
    const t = categoricalTable(loadRatings('fleiss1971_diagnoses.csv'), categories);
    const units = t.readers.map((_, j) => t.cells.map((row) => row[j]!));
    const a = alphaOfUnits(units, 'ordinal');
    if (a.value === null) throw new Error(a.reason);
    expect(a.n_pairable).toBe(180);
    expect(a.value).toBeCloseTo(bruteAlpha(units, 'ordinal')!, 12);
    expect(a.value).toBeCloseTo(0.2593, 4);
    const m = 30;
    const n = 180;
    expect(1 - (((m - 1) * n - 1) / ((m - 1) * (n - 1))) * (1 - a.value)).toBeCloseTo(0.255, 3);
  });
});

describe('krippendorffAlpha', () => {
  const arbitraryUnits = fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 5 }), {
    minLength: 1,
    maxLength: 25,
  });

  it('agrees with the step-by-step definition for every metric, missing data included', () => {
    fc.assert(
      fc.property(arbitraryUnits, fc.constantFrom(...METRICS), (units, metric) => {
        const expected = bruteAlpha(units, metric);
        const got = alphaOfUnits(units, metric).value;
        return expected === null ? got === null : got !== null && Math.abs(got - expected) < 1e-9;
      }),
    );
  });

  it('ordinal follows the declared order; unused declared categories change nothing', () => {
    const ratings: Rating[] = [
      ['1', 'A', 'lo'],
      ['1', 'B', 'mid'],
      ['2', 'A', 'mid'],
      ['2', 'B', 'hi'],
      ['3', 'A', 'lo'],
      ['3', 'B', 'lo'],
      ['4', 'A', 'hi'],
      ['4', 'B', 'hi'],
      ['5', 'A', 'mid'],
      ['5', 'B', 'mid'],
    ].map(([caseId, readerId, value]) => ({ caseId: caseId!, readerId: readerId!, value: value! }));
    const declared = krippendorffAlpha(categoricalTable(ratings, ['lo', 'mid', 'hi']), 'ordinal').value;
    const withUnused = krippendorffAlpha(categoricalTable(ratings, ['lo', 'x', 'mid', 'hi', 'y']), 'ordinal');
    const shuffled = krippendorffAlpha(categoricalTable(ratings, ['mid', 'lo', 'hi']), 'ordinal').value;
    expect(withUnused.value).toBeCloseTo(declared!, 14);
    expect(shuffled).not.toBeCloseTo(declared!, 6);
    expect(krippendorffAlpha(categoricalTable(ratings, ['mid', 'hi', 'lo']), 'nominal').value).toBeCloseTo(
      krippendorffAlpha(categoricalTable(ratings, ['lo', 'mid', 'hi']), 'nominal').value!,
      14,
    );
  });

  it('reports null with a reason, never NaN, for degenerate data', () => {
    const same = alphaOfUnits([[2, 2], [2, 2, 2], [2]], 'interval');
    expect(same).toMatchObject({ value: null, n_pairable: 5 });
    expect('reason' in same && same.reason).toMatch(/no variation/);
    const single = alphaOfUnits([[1], [2], []], 'nominal');
    expect(single).toMatchObject({ value: null, n_pairable: 0, n_units_pairable: 0 });
    expect('reason' in single && single.reason).toMatch(/pairable/);
    expect(alphaOfUnits([], 'ordinal').value).toBeNull();
    expect(alphaOfUnits([[-1, 2]], 'ratio')).toMatchObject({
      value: null,
      reason: expect.stringMatching(/non-negative/),
    });
  });

  it('is 1 for perfect agreement with variation', () => {
    for (const m of METRICS)
      expect(
        alphaOfUnits(
          [
            [1, 1],
            [2, 2, 2],
            [3, 3],
          ],
          m,
        ).value,
      ).toBe(1);
  });

  it('refuses interval and ratio on categories', () => {
    const t = categoricalTable([{ caseId: '1', readerId: 'A', value: 'a' }], ['a', 'b']);
    expect(() => krippendorffAlpha(t, 'interval')).toThrow(/numeric/);
    expect(() => krippendorffAlpha(t, 'ratio')).toThrow(/numeric/);
  });

  it('adds a seeded bootstrap CI that resamples pairable units', () => {
    const C = numericTable(loadRatings('krippendorff2011_C.csv'));
    const a = krippendorffAlpha(C, 'interval', { bootstrap: { seed: 2011, replicates: 300 } });
    if (a.value === null) throw new Error(a.reason);
    expect(a.bootstrap?.label).toBe('bootstrap, seed 2011, 300 replicates');
    const pairable = unitsOf(C).filter((u) => u.length >= 2);
    const manual = bootstrapPercentileCI(pairable, (s) => alphaOfUnits(s, 'interval').value, {
      seed: 2011,
      replicates: 300,
    });
    expect(a.bootstrap).toEqual(manual);
    expect(a.bootstrap?.ci?.[0]).toBeLessThan(a.value);
    expect(krippendorffAlpha(C, 'interval', { bootstrap: { seed: 2011, replicates: 300 } })).toEqual(a);
  });
});
