import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json';
import { kruskalWallis } from './kruskal';

const close = (actual: number | null | undefined, expected: number, rel = 1e-10) => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe('Kruskal–Wallis', () => {
  it.each(reference.kruskal)('$name: H and p as scipy kruskal', (ref) => {
    const r = kruskalWallis(ref.groups);
    expect(r.test).toBe('kruskal_wallis');
    expect(r.method).toBe('chi-square approximation, tie-corrected');
    expect(r.reason).toBeNull();
    close(r.statistic, ref.H);
    expect(r.df).toBe(ref.df);
    close(r.p, ref.p);
    expect(r.effect?.name).toBe('epsilon_squared');
    close(r.effect?.value, ref.epsilonSquared);
    expect(r.n).toBe(ref.groups.flat().length);
    expect(r.groupSizes).toEqual(ref.groups.map((g) => g.length));
  });

  it("R's kruskal.test example: H = 0.77143, df = 2, p = 0.68", () => {
    const ref = reference.kruskal[0]!;
    const r = kruskalWallis(ref.groups);
    expect(r.statistic!.toFixed(5)).toBe(ref.published!.H.toFixed(5));
    expect(r.df).toBe(ref.published!.df);
    expect(r.p!.toFixed(2)).toBe(ref.published!.p.toFixed(2));
    // ε² = H/(n − 1) = H/((n² − 1)/(n + 1)).
    close(r.effect?.value, r.statistic! / ((14 * 14 - 1) / 15), 1e-12);
  });

  it('drops empty groups (as R drops unused levels): df counts the non-empty ones', () => {
    const ref = reference.kruskal[0]!;
    const [x, y, z] = ref.groups as [number[], number[], number[]];
    const r = kruskalWallis([x, [], y, z, []]);
    expect(r.droppedGroups).toEqual([1, 4]);
    expect(r.groupSizes).toEqual([5, 0, 4, 5, 0]);
    expect(r.df).toBe(2);
    close(r.statistic, ref.H, 1e-12);
  });

  it('cautions when a group has fewer than 5 values', () => {
    expect(kruskalWallis(reference.kruskal[0]!.groups).cautions).toEqual([
      'n < 5 in 1 of 3 groups: the chi-square approximation may be poor',
    ]);
    expect(
      kruskalWallis([
        [1, 2, 3, 4, 5],
        [6, 7, 8, 9, 10],
      ]).cautions,
    ).toEqual([]);
  });

  it('identical groups give H = 0 and p = 1 (never a negative H from rounding)', () => {
    const r = kruskalWallis([
      [1, 2, 3],
      [1, 2, 3],
      [3, 2, 1],
    ]);
    expect(r.statistic).toBe(0);
    expect(r.p).toBe(1);
    expect(r.effect?.value).toBe(0);
  });

  it('degenerate input: fewer than two non-empty groups, or every value tied, gives p null with a reason', () => {
    expect(kruskalWallis([[1, 2, 3], []]).reason).toBe('only one group has values');
    expect(kruskalWallis([]).reason).toBe('no group has values');
    const tied = kruskalWallis([
      [4, 4],
      [4, 4, 4],
    ]);
    expect(tied.p).toBeNull();
    expect(tied.method).toBeNull();
    expect(tied.statistic).toBeNull();
    expect(tied.effect?.value).toBeNull();
    expect(tied.reason).toMatch(/tied/);
  });
});
