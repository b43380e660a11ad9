import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementReport, categoriesOf, ZAgreementReport } from './agreement-report';
import type { Rating } from './ratings';
import { loadRatings } from './test-golden';

const allNumbersFinite = (x: unknown): boolean =>
  typeof x === 'number'
    ? Number.isFinite(x)
    : Array.isArray(x)
      ? x.every(allNumbersFinite)
      : typeof x === 'object' && x !== null
        ? Object.values(x).every(allNumbersFinite)
        : true;

describe('agreementReport (the CLI JSON contract)', () => {
  it.each([
    ['fleiss1971_diagnoses.csv', 'nominal'],
    ['altman_xeromammograms.csv', 'ordinal'],
    ['shrout_fleiss_1979.csv', 'interval'],
    ['krippendorff2011_C.csv', 'ratio'],
    ['wikipedia_krippendorff.csv', 'nominal'],
  ] as const)('%s on a %s scale fits the schema, with sorted reader pairs and no NaN', (dataset, scale) => {
    const report = agreementReport(loadRatings(dataset), scale);
    expect(ZAgreementReport.parse(report)).toEqual(report);
    for (const k of report.cohen_kappa)
      expect(k.readers[0] < k.readers[1] || Number(k.readers[0]) < Number(k.readers[1])).toBe(true);
    expect(allNumbersFinite(report)).toBe(true);
    expect(scale === 'nominal' ? report.icc : report.icc?.ICC2).not.toBeUndefined();
  });

  it('orders numbers numerically and text lexicographically unless categories are declared', () => {
    const r = (values: string[]): Rating[] =>
      values.map((v, i) => ({ caseId: String(i), readerId: 'a', value: v }));
    expect(categoriesOf(r(['10', '9', '2']))).toEqual(['2', '9', '10']);
    expect(categoriesOf(r(['b', 'a', 'c']))).toEqual(['a', 'b', 'c']);
    expect(categoriesOf(r(['b', 'a']), ['b', 'a', 'z'])).toEqual(['b', 'a', 'z']);
  });

  it('refuses a value outside the declared categories', () => {
    expect(() => agreementReport([{ caseId: '1', readerId: 'a', value: 'x' }], 'nominal', ['y'])).toThrow(
      /not one of the declared categories/,
    );
  });

  it('reports an undefined statistic as null with a reason, never NaN', () => {
    const same: Rating[] = ['1', '2', '3'].flatMap((c) =>
      ['a', 'b'].map((r) => ({ caseId: c, readerId: r, value: 'x' })),
    );
    const report = agreementReport(same, 'nominal');
    expect(report.cohen_kappa[0]?.unweighted).toMatchObject({ value: null, reason: expect.any(String) });
    expect(report.krippendorff_alpha.nominal).toMatchObject({ value: null, reason: expect.any(String) });
    expect(report.percent_agreement).toBe(1);
  });

  it('is symmetric in the readers and invariant to relabelling the cases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('a', 'b', 'c')), {
          minLength: 5,
          maxLength: 30,
        }),
        (pairs) => {
          const ratings = pairs.flatMap(([x, y], i) => [
            { caseId: `c${i}`, readerId: 'r1', value: x },
            { caseId: `c${i}`, readerId: 'r2', value: y },
          ]);
          const swapped = ratings.map((r) => ({ ...r, readerId: r.readerId === 'r1' ? 'r2' : 'r1' }));
          const relabelled = ratings.map((r) => ({ ...r, caseId: `z${r.caseId}` }));
          const base = agreementReport(ratings, 'ordinal', ['a', 'b', 'c']);
          const a = agreementReport(swapped, 'ordinal', ['a', 'b', 'c']);
          const b = agreementReport(relabelled, 'ordinal', ['a', 'b', 'c']);
          const q = (r: typeof base) => r.cohen_kappa[0]?.quadratic?.value ?? null;
          if (q(base) === null) expect(q(a)).toBeNull();
          else expect(q(a)).toBeCloseTo(q(base)!, 12);
          expect(a.krippendorff_alpha).toEqual(base.krippendorff_alpha);
          expect(b).toEqual(base);
        },
      ),
      { numRuns: 200 },
    );
  });
});
