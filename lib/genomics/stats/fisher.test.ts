import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logFactorial } from './distributions';
import { FISHER_RXC_DEFAULTS, fisherExact2x2, fisherFreemanHalton } from './fisher';
import reference from './fixtures/reference.json';

const close = (actual: number | null, expected: number, rel = 1e-10) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

/** Independent oracle: every table with the margins, cell by cell, probabilities from logFactorial. */
function bruteForceP(table: number[][]): number {
  const r = table.length;
  const c = table[0]!.length;
  const rows = table.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = table[0]!.map((_, j) => table.reduce((s, row) => s + row[j]!, 0));
  const n = rows.reduce((s, x) => s + x, 0);
  const constant =
    rows.reduce((s, x) => s + logFactorial(x), 0) +
    cols.reduce((s, x) => s + logFactorial(x), 0) -
    logFactorial(n);
  const logP = (t: number[][]) => constant - t.flat().reduce((s, x) => s + logFactorial(x), 0);
  const observed = logP(table);
  const rowLeft = [...rows];
  const colLeft = [...cols];
  const cells = table.map((row) => row.map(() => 0));
  let p = 0;
  const visit = (k: number): void => {
    if (k === r * c) {
      const lp = logP(cells);
      if (lp <= observed + Math.log1p(1e-7)) p += Math.exp(lp);
      return;
    }
    const i = Math.floor(k / c);
    const j = k % c;
    const lastInRow = j === c - 1;
    const lastInCol = i === r - 1;
    const lo = lastInRow ? rowLeft[i]! : lastInCol ? colLeft[j]! : 0;
    const hi = lastInRow || lastInCol ? lo : Math.min(rowLeft[i]!, colLeft[j]!);
    for (let x = lo; x <= hi; x++) {
      if (x > rowLeft[i]! || x > colLeft[j]!) continue;
      if (lastInRow && lastInCol && rowLeft[i] !== colLeft[j]) continue;
      cells[i]![j] = x;
      rowLeft[i] = rowLeft[i]! - x;
      colLeft[j] = colLeft[j]! - x;
      visit(k + 1);
      rowLeft[i] = rowLeft[i]! + x;
      colLeft[j] = colLeft[j]! + x;
    }
  };
  visit(0);
  return Math.min(1, p);
}

describe("Fisher's exact test, 2×2", () => {
  it.each(reference.fisher2x2)('$name: p, table probability and odds ratio as scipy fisher_exact', (ref) => {
    const r = fisherExact2x2(ref.table);
    expect(r.test).toBe('fisher');
    expect(r.method).toBe('exact');
    expect(r.reason).toBeNull();
    close(r.p, ref.p);
    close(r.statistic, ref.tableProbability);
    if (ref.oddsRatio === null) expect(r.oddsRatio).toBeNull();
    else close(r.oddsRatio, ref.oddsRatio);
  });

  it("Fisher's tea-tasting table: p = 0.4857 as published in R ?fisher.test", () => {
    const r = fisherExact2x2([
      [3, 1],
      [1, 3],
    ]);
    expect(r.p!.toFixed(4)).toBe('0.4857');
    expect(r.n).toBe(8);
  });

  it('a zero margin has no test', () => {
    const r = fisherExact2x2([
      [0, 0],
      [3, 4],
    ]);
    expect(r.p).toBeNull();
    expect(r.statistic).toBeNull();
    expect(r.reason).toMatch(/empty/);
    expect(r.method).toBeNull();
    expect(
      fisherExact2x2([
        [0, 0],
        [0, 0],
      ]).reason,
    ).toBe('no observations');
  });

  it('rejects tables that are not 2×2 counts', () => {
    expect(() => fisherExact2x2([[1, 2, 3]])).toThrow(RangeError);
    expect(() =>
      fisherExact2x2([
        [1, -1],
        [2, 3],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      fisherExact2x2([
        [1.5, 1],
        [2, 3],
      ]),
    ).toThrow(RangeError);
  });
});

describe('Fisher–Freeman–Halton exact test, r×c', () => {
  it.each(reference.fisherRxC)('$name: exact p as a brute-force enumeration, P(table) as scipy', (ref) => {
    const r = fisherFreemanHalton(ref.table);
    expect(r.test).toBe('fisher_freeman_halton');
    expect(r.method).toBe('exact');
    expect(r.monteCarlo).toBeNull();
    expect(r.reason).toBeNull();
    close(r.p, ref.p);
    close(r.statistic, ref.tableProbability);
    close(r.statistic, ref.scipyTableProbability!);
  });

  it("Agresti's job satisfaction table: p = 0.7827 as published in R ?fisher.test", () => {
    const job = reference.fisherRxC[0]!;
    expect(job.published!.p).toBe(0.7827);
    const r = fisherFreemanHalton(job.table);
    expect(r.p!.toFixed(4)).toBe('0.7827');
    expect(r.n).toBe(96);
    // The bounds prune most of the 90 208 550 tables with these margins.
    expect(r.nodesVisited).toBeLessThan(job.tables);
  });

  it('on a 2×2 table it is the 2×2 Fisher test', () => {
    for (const ref of reference.fisher2x2.filter((f) => f.p !== null)) {
      close(fisherFreemanHalton(ref.table).p, fisherExact2x2(ref.table).p!, 1e-12);
    }
  });

  it('past the work limit, a seeded Monte Carlo p lands within 0.02 of the exact one', () => {
    const job = reference.fisherRxC[0]!;
    const r = fisherFreemanHalton(job.table, { maxNodes: 1000 });
    expect(r.method).toBe('Monte Carlo (10000 tables)');
    expect(r.monteCarlo).toEqual({ B: 10000, seed: 1 });
    expect(r.nodesVisited).toBe(1000);
    expect(Math.abs(r.p! - job.p)).toBeLessThan(0.02);
    close(r.statistic, job.tableProbability);
    // Reproducible: same seed, same p; another seed, another draw; p = (1 + hits)/(B + 1).
    expect(fisherFreemanHalton(job.table, { maxNodes: 0 }).p).toBe(r.p);
    const other = fisherFreemanHalton(job.table, { maxNodes: 0, seed: 99, B: 2000 });
    expect(other.method).toBe('Monte Carlo (2000 tables)');
    expect(Math.abs(other.p! - job.p)).toBeLessThan(0.04);
    expect(Math.abs(other.p! * 2001 - Math.round(other.p! * 2001))).toBeLessThan(1e-9);
  });

  it('a table too large to enumerate falls back to Monte Carlo under the default work limit', () => {
    const r = fisherFreemanHalton([
      [8, 6, 5, 7, 9, 4],
      [6, 9, 7, 5, 8, 6],
      [7, 5, 9, 8, 6, 7],
      [5, 7, 6, 9, 7, 8],
      [9, 8, 7, 6, 5, 9],
    ]);
    expect(r.method).toBe('Monte Carlo (10000 tables)');
    expect(r.nodesVisited).toBe(FISHER_RXC_DEFAULTS.maxNodes);
    expect(r.monteCarlo).toEqual({ B: FISHER_RXC_DEFAULTS.B, seed: FISHER_RXC_DEFAULTS.seed });
    expect(r.p).toBeGreaterThan(0.9);
  });

  it('Monte Carlo agrees with the exact p on a small table with a very small p', () => {
    const ref = reference.fisherRxC.find((f) => f.name === '2x4 strong association')!;
    const r = fisherFreemanHalton(ref.table, { maxNodes: 0, B: 5000 });
    // No simulated table is as extreme: p = 1/(B + 1).
    expect(r.p).toBe(1 / 5001);
  });

  it('drops rows and columns with a zero margin', () => {
    const r = fisherFreemanHalton([
      [3, 0, 1, 4],
      [0, 0, 0, 0],
      [1, 0, 5, 2],
    ]);
    expect(r.droppedRows).toEqual([1]);
    expect(r.droppedColumns).toEqual([1]);
    close(r.p, reference.fisherRxC.find((f) => f.name === '2x3')!.p);
  });

  it('fewer than two non-empty rows or columns: no test', () => {
    const oneRow = fisherFreemanHalton([
      [3, 2, 1],
      [0, 0, 0],
    ]);
    expect(oneRow.p).toBeNull();
    expect(oneRow.method).toBeNull();
    expect(oneRow.reason).toMatch(/one row/);
    expect(fisherFreemanHalton([[1], [2]]).reason).toMatch(/one column/);
    expect(fisherFreemanHalton([[0, 0]]).reason).toBe('no observations');
  });

  it('rejects bad options and bad tables', () => {
    expect(() => fisherFreemanHalton([[1, 2]], { B: 0 })).toThrow(RangeError);
    expect(() => fisherFreemanHalton([[1, 2]], { seed: -1 })).toThrow(RangeError);
    expect(() => fisherFreemanHalton([[1, 2]], { maxNodes: Number.NaN })).toThrow(RangeError);
    expect(() => fisherFreemanHalton([[1, 2], [3]])).toThrow(RangeError);
    expect(() => fisherFreemanHalton([])).toThrow(RangeError);
  });

  it('equals a cell-by-cell brute-force enumeration, and ignores transposition and row order', () => {
    const tableArb = fc
      .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 4 }))
      .chain(([r, c]) =>
        fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: c, maxLength: c }), {
          minLength: r,
          maxLength: r,
        }),
      );
    fc.assert(
      fc.property(tableArb, (table) => {
        const r = fisherFreemanHalton(table);
        const kept = table.filter((row) => row.some((x) => x > 0));
        const cols = table[0]!.map((_, j) => j).filter((j) => table.some((row) => row[j]! > 0));
        const reduced = kept.map((row) => cols.map((j) => row[j]!));
        if (reduced.length < 2 || cols.length < 2) {
          expect(r.p).toBeNull();
          return;
        }
        const expected = bruteForceP(reduced);
        expect(Math.abs(r.p! - expected)).toBeLessThanOrEqual(1e-10 * expected + 1e-15);
        const transposed = table[0]!.map((_, j) => table.map((row) => row[j]!));
        expect(Math.abs(fisherFreemanHalton(transposed).p! - r.p!)).toBeLessThanOrEqual(1e-10 * r.p!);
        expect(Math.abs(fisherFreemanHalton([...table].reverse()).p! - r.p!)).toBeLessThanOrEqual(
          1e-10 * r.p!,
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe('logFactorial', () => {
  it.each(reference.tails.logFactorial)('ln($k!) as scipy gammaln', ({ k, value }) => {
    if (value === 0) expect(logFactorial(k)).toBe(0);
    else close(logFactorial(k), value, 1e-13);
  });
});
