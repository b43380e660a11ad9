import { describe, expect, it } from 'vitest';
import { associate } from './associate';
import type { Variable } from './types';

const cat = (id: string, levels: string[], values: (string | null)[]): Variable => ({
  id,
  label: id,
  scale: 'categorical',
  levels,
  values,
});
const ord = (id: string, levels: string[], values: (number | null)[]): Variable => ({
  id,
  label: id,
  scale: 'ordinal',
  levels,
  values,
});
const num = (id: string, values: (number | null)[]): Variable => ({
  id,
  label: id,
  scale: 'continuous',
  values,
});

describe('associate chooses the test by type pair', () => {
  it("categorical × binary on a 2×2 table: Fisher's exact test with Cramér's V (tea tasting)", () => {
    // Fisher's lady: 4 of 8 cups milk first, 3 guessed right; R fisher.test two-sided p = 0.4857.
    const truth = ['milk', 'milk', 'milk', 'milk', 'tea', 'tea', 'tea', 'tea'];
    const guess = ['milk', 'milk', 'milk', 'tea', 'milk', 'tea', 'tea', 'tea'];
    const r = associate(cat('guess', ['milk', 'tea'], guess), cat('truth', ['milk', 'tea'], truth));
    expect(r.test).toBe('fisher');
    expect(r.p).toBeCloseTo(0.4857142857, 9);
    expect(r.effect?.name).toBe('cramers_v');
    expect(r.effect?.value).toBeCloseTo(0.5, 12); // |phi| of [[3,1],[1,3]]
    expect(r.groups).toEqual([
      { level: 'milk', n: 4 },
      { level: 'tea', n: 4 },
    ]);
    expect(r.cautions.join()).toMatch(/expected count < 5/);
  });

  it('larger tables: chi-square when every expected count is at least 5, else Fisher–Freeman–Halton', () => {
    const big = Array.from({ length: 90 }, (_, i) => ['a', 'b', 'c'][i % 3]!);
    const other = Array.from({ length: 90 }, (_, i) => ['x', 'y'][Math.floor(i / 45)]!);
    const chi = associate(cat('img', ['a', 'b', 'c'], big), cat('gen', ['x', 'y'], other));
    expect(chi.test).toBe('chi_square');
    expect(chi.df).toBe(2);
    const small = associate(
      cat('img', ['a', 'b', 'c'], big.slice(0, 12)),
      cat(
        'gen',
        ['x', 'y', 'z'],
        big.slice(0, 12).map((v) => ({ a: 'x', b: 'y', c: 'z' })[v]!),
      ),
    );
    expect(small.test).toBe('fisher_freeman_halton');
    expect(small.method).toBe('exact');
    expect(small.effect?.value).toBeCloseTo(1, 12);
    expect(small.p).toBeLessThan(0.001);
  });

  it('ordinal × binary: Mann–Whitney with the AUC of the first (positive) level', () => {
    const mutated = [3, 4, 4, 5, 2];
    const wild = [1, 2, 2, 3, 1, 2];
    const r = associate(
      ord('F5', ['0', '1', '2', '3', '4', '5'], [...mutated, ...wild]),
      cat('IDH1', ['mutated', 'wildtype'], [...mutated.map(() => 'mutated'), ...wild.map(() => 'wildtype')]),
    );
    expect(r.test).toBe('mann_whitney');
    expect(r.effect?.name).toBe('auc');
    expect(r.effect!.value!).toBeGreaterThan(0.5);
    // U1 counts pairs where the mutated value is higher (ties 1/2): 27 of 30.
    expect(r.statistic).toBe(27);
    expect(r.effect!.value!).toBeCloseTo(27 / 30, 12);
  });

  it('numeric × a categorical with three levels: Kruskal–Wallis with ε²', () => {
    const r = associate(
      num('F29', [2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0]),
      cat('subtype', ['x', 'y', 'z'], [...'xxxxx', ...'yyyy', ...'zzzzz']),
    );
    expect(r.test).toBe('kruskal_wallis');
    expect(r.statistic).toBeCloseTo(0.7714286, 6); // R kruskal.test documentation example
    expect(r.df).toBe(2);
    expect(r.effect?.name).toBe('epsilon_squared');
    expect(r.effect?.value).toBeCloseTo(0.7714286 / 13, 6);
    expect(r.cautions.join()).toMatch(/n < 5 in genomic group y \(4\)/);
  });

  it('numeric × continuous: Spearman with a CI', () => {
    const r = associate(num('F29', [1, 2, 3, 4, 5]), num('expr', [5, 6, 7, 8, 7]));
    expect(r.test).toBe('spearman');
    expect(r.effect?.value).toBeCloseTo(0.8207826816681233, 12); // scipy.stats.spearmanr docs
    expect(r.p).toBeCloseTo(0.08858700531354381, 10);
    expect(r.effect?.ci).not.toBeNull();
  });

  it('categorical imaging × continuous genomic: the genomic value by imaging level', () => {
    const r = associate(
      cat('F1__frontal', ['1', '0'], ['1', '1', '1', '0', '0', '0']),
      num('expr', [3, 4, 5, 0, 1, 2]),
    );
    expect(r.test).toBe('mann_whitney');
    expect(r.effect?.value).toBe(1);
    expect(r.groups).toEqual([
      { level: '1', n: 3 },
      { level: '0', n: 3 },
    ]);
    expect(r.cautions.join()).toMatch(/n < 5 in imaging groups/);
  });

  it('uses only complete pairs and the levels they show', () => {
    // A "categorical" genomic column with three declared levels, two among the imaged subjects.
    const r = associate(
      num('F29', [10, 20, 30, 40, null, 60]),
      cat('g', ['a', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', null]),
    );
    expect(r.n).toBe(4);
    expect(r.test).toBe('mann_whitney');
    expect(r.groups.map((g) => g.level)).toEqual(['a', 'b']);
  });
});

describe('associate without a test', () => {
  it('gives null with a reason, never NaN', () => {
    const few = associate(num('a', [1, 2]), num('b', [2, 3]));
    expect(few).toMatchObject({ test: null, p: null, n: 2 });
    expect(few.reason).toMatch(/at least 3/);
    const one = associate(num('a', [1, 2, 3, 4]), cat('b', ['x', 'y'], ['x', 'x', 'x', 'x']));
    expect(one.p).toBeNull();
    expect(one.reason).toMatch(/single level/);
    const flat = associate(num('a', [1, 1, 1, 1]), num('b', [1, 2, 3, 4]));
    expect(flat.p).toBeNull();
    expect(flat.reason).toBeTruthy();
    for (const r of [few, one, flat]) expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
});
