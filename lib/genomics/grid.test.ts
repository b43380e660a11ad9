import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normal, seededRandom } from '@/lib/study/seeded-random';
import { associationGrid } from './grid';
import type { Variable } from './types';

/**
 * Synthetic studies: one planted association (an expression score that follows a numeric
 * imaging feature) among many nulls (random imaging features of every kind, random genomic
 * columns of every kind).
 */
function syntheticStudy(seed: number, n = 60) {
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const size = Array.from({ length: n }, () => 20 + random() * 50);
  const imaging: Variable[] = [
    { id: 'size', label: 'size', scale: 'continuous', values: size },
    ...Array.from({ length: 8 }, (_, k): Variable => ({
      id: `ord${k}`,
      label: `ord${k}`,
      scale: 'ordinal',
      levels: ['0', '1', '2', '3', '4'],
      values: size.map(() => Math.floor(random() * 5)),
    })),
    ...Array.from({ length: 8 }, (_, k): Variable => ({
      id: `num${k}`,
      label: `num${k}`,
      scale: 'continuous',
      values: size.map(() => normal(random, 0, 1)),
    })),
    ...Array.from({ length: 6 }, (_, k): Variable => ({
      id: `cat${k}`,
      label: `cat${k}`,
      scale: 'categorical',
      levels: ['a', 'b', 'c'],
      values: size.map(() => pick(['a', 'b', 'c'])),
    })),
  ];
  const genomic: Variable[] = [
    {
      id: 'expression',
      label: 'expression',
      scale: 'continuous',
      values: size.map((s) => (s - 45) / 12 + normal(random, 0, 0.8)),
    },
    {
      id: 'mutation',
      label: 'mutation',
      scale: 'categorical',
      levels: ['mutated', 'wildtype'],
      values: size.map(() => (random() < 0.4 ? 'mutated' : 'wildtype')),
    },
    {
      id: 'subtype',
      label: 'subtype',
      scale: 'categorical',
      levels: ['x', 'y', 'z'],
      values: size.map(() => pick(['x', 'y', 'z'])),
    },
    { id: 'score', label: 'score', scale: 'continuous', values: size.map(() => normal(random, 0, 1)) },
  ];
  return { imaging, genomic };
}

const PLANTED = 'size×expression';
const key = (r: { imaging: string; genomic: string }) => `${r.imaging}×${r.genomic}`;

describe('associationGrid', () => {
  it('finds the planted association, sorted first, with q < 0.05', () => {
    const { imaging, genomic } = syntheticStudy(1);
    const results = associationGrid(imaging, genomic);
    expect(results).toHaveLength(imaging.length * genomic.length);
    expect(key(results[0]!)).toBe(PLANTED);
    expect(results[0]!.q).toBeLessThan(0.05);
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1]!.q ?? Infinity, results[i]!.q ?? Infinity];
      expect(a).toBeLessThanOrEqual(b);
    }
  });

  it("keeps the nulls' false discovery rate near the nominal 5% over repeated seeds", () => {
    const seeds = 200;
    let planted = 0;
    let fdpSum = 0;
    let uncorrectedFalse = 0;
    let nulls = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const { imaging, genomic } = syntheticStudy(1000 + seed);
      const results = associationGrid(imaging, genomic);
      const found = results.filter((r) => r.q !== null && r.q < 0.05);
      if (found.some((r) => key(r) === PLANTED)) planted++;
      const falseFound = found.filter((r) => key(r) !== PLANTED).length;
      fdpSum += found.length ? falseFound / found.length : 0;
      const tested = results.filter((r) => r.p !== null && key(r) !== PLANTED);
      nulls += tested.length;
      uncorrectedFalse += tested.filter((r) => r.p! < 0.05).length;
    }
    // Power: the planted pair is found in every synthetic study.
    expect(planted).toBe(seeds);
    // BH controls the FDR at 5% × m0/m; the mean false discovery proportion stays near it.
    const fdr = fdpSum / seeds;
    expect(fdr).toBeLessThan(0.08);
    // The null p-values are calibrated: about 5% fall below 0.05 before correction.
    const alpha = uncorrectedFalse / nulls;
    expect(alpha).toBeGreaterThan(0.03);
    expect(alpha).toBeLessThan(0.07);
  });

  it('reports Bonferroni only when asked, never below p nor above 1', () => {
    const { imaging, genomic } = syntheticStudy(7, 30);
    expect(associationGrid(imaging, genomic)[0]).not.toHaveProperty('pBonferroni');
    for (const r of associationGrid(imaging, genomic, { bonferroni: true })) {
      if (r.p === null) expect(r.pBonferroni).toBeNull();
      else {
        expect(r.pBonferroni).toBeGreaterThanOrEqual(r.p);
        expect(r.pBonferroni).toBeLessThanOrEqual(1);
        expect(r.pBonferroni).toBeGreaterThanOrEqual(r.q!);
      }
    }
  });

  it('q-values are monotone in p and never below p, whatever the data (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 8, max: 40 }), (seed, n) => {
        const results = associationGrid(
          ...(Object.values(syntheticStudy(seed, n)) as [Variable[], Variable[]]),
        );
        const tested = results.filter((r) => r.p !== null);
        for (const r of tested) expect(r.q!).toBeGreaterThanOrEqual(r.p!);
        const byP = [...tested].sort((a, b) => a.p! - b.p!);
        for (let i = 1; i < byP.length; i++) expect(byP[i]!.q!).toBeGreaterThanOrEqual(byP[i - 1]!.q!);
      }),
      { numRuns: 25 },
    );
  });
});
