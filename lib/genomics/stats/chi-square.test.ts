import { describe, expect, it } from 'vitest';
import { chiSquareTest, dropEmptyMargins } from './chi-square';
import { chiSquareUpperP } from './distributions';
import reference from './fixtures/reference.json';

const close = (actual: number | null | undefined, expected: number, rel = 1e-10) => {
  expect(actual).toBeTypeOf('number');
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe('Pearson chi-square test of independence', () => {
  it.each(reference.chiSquare)('$name: as scipy chi2_contingency(correction=False)', (ref) => {
    const r = chiSquareTest(ref.table);
    expect(r.test).toBe('chi_square');
    expect(r.reason).toBeNull();
    close(r.statistic, ref.statistic);
    expect(r.df).toBe(ref.df);
    close(r.p, ref.p);
    expect(r.effect?.name).toBe('cramers_v');
    close(r.effect?.value, ref.cramersV);
    expect(r.expected.length).toBe(ref.expected.length);
    r.expected.forEach((row, i) => row.forEach((e, j) => close(e, ref.expected[i]![j]!, 1e-12)));
    expect(r.lowExpectedCells).toBe(ref.lowExpected);
  });

  it('2×2 without Yates: X² = n(ad − bc)²/(r₁r₂c₁c₂)', () => {
    const [a, b, c, d] = [12, 5, 3, 18];
    const n = a + b + c + d;
    const r = chiSquareTest([
      [a, b],
      [c, d],
    ]);
    close(r.statistic, (n * (a * d - b * c) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d)), 1e-12);
    // Cramér's V on a 2×2 table is |φ|.
    close(r.effect?.value, Math.sqrt(r.statistic! / n), 1e-12);
  });

  it('drops rows and columns with a zero margin before testing', () => {
    const ref = reference.chiSquare.find((c) => c.reducedTable !== undefined)!;
    const r = chiSquareTest(ref.table);
    expect(r.droppedRows).toEqual([1]);
    expect(r.droppedColumns).toEqual([1]);
    expect(r.cells).toBe(6);
    expect(dropEmptyMargins(ref.table).table).toEqual(ref.reducedTable);
  });

  it('cautions on expected counts below 5', () => {
    const job = chiSquareTest(reference.chiSquare[0]!.table);
    expect(job.lowExpectedCells).toBe(8);
    expect(job.cautions).toEqual(['expected count < 5 in 8 of 16 cells']);
    expect(
      chiSquareTest([
        [10, 20, 30],
        [25, 15, 5],
      ]).cautions,
    ).toEqual([]);
  });

  it('independence gives X² = 0, p = 1, V = 0', () => {
    const r = chiSquareTest([
      [2, 4],
      [3, 6],
    ]);
    expect(r.statistic).toBeCloseTo(0, 14);
    expect(r.p).toBeCloseTo(1, 12);
    expect(r.effect?.value).toBeCloseTo(0, 7);
  });

  it('one non-empty row or column, or no data: no test, never NaN', () => {
    const oneRow = chiSquareTest([
      [0, 0, 0],
      [4, 5, 6],
    ]);
    expect(oneRow.p).toBeNull();
    expect(oneRow.method).toBeNull();
    expect(oneRow.statistic).toBeNull();
    expect(oneRow.effect?.value).toBeNull();
    expect(oneRow.reason).toMatch(/one row/);
    expect(chiSquareTest([[3], [4]]).reason).toMatch(/one column/);
    expect(
      chiSquareTest([
        [0, 0],
        [0, 0],
      ]).reason,
    ).toBe('no observations');
  });

  it('rejects what is not a table of counts', () => {
    expect(() => chiSquareTest([])).toThrow(RangeError);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(RangeError);
    expect(() =>
      chiSquareTest([
        [1, Number.NaN],
        [3, 4],
      ]),
    ).toThrow(RangeError);
  });
});

describe('chi-square upper tail', () => {
  it.each(reference.tails.chiSquareUpper)(
    'P(χ²($df) ≥ $x) as scipy chi2.sf, far into the tail',
    ({ x, df, p }) => {
      close(chiSquareUpperP(x, df), p, 1e-12);
    },
  );

  it('is 1 at x ≤ 0 and rejects df ≤ 0', () => {
    expect(chiSquareUpperP(0, 3)).toBe(1);
    expect(chiSquareUpperP(-1, 3)).toBe(1);
    expect(() => chiSquareUpperP(1, 0)).toThrow(RangeError);
  });
});
