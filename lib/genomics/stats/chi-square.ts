import type { AssociationResult } from '@/lib/genomics/types';
import { chiSquareUpperP } from './distributions';

/**
 * Pearson's chi-square test of independence for an r×c table of counts, without Yates' continuity
 * correction (R `chisq.test(correct = FALSE)`, scipy `chi2_contingency(correction=False)`):
 *   X² = Σ (O − E)²/E,  E_ij = r_i·c_j/n,  df = (r − 1)(c − 1),  p = P(χ²_df ≥ X²).
 * Rows and columns with a zero margin are dropped first (they have E = 0 and carry no information).
 * Effect: Cramér's V = √(X² / (n·(min(r, c) − 1))), uncorrected (scipy `association(method="cramer")`),
 * on the table after dropping. Caution when any expected count is below 5.
 */

/** A contingency table: rows × columns of non-negative integer counts. */
export type Counts = readonly (readonly number[])[];

/** A table with its empty rows/columns removed, and which of the original indices were kept/dropped. */
export type ReducedTable = {
  table: number[][];
  rows: number[];
  columns: number[];
  droppedRows: number[];
  droppedColumns: number[];
};

type TestFields = Pick<
  AssociationResult,
  'method' | 'n' | 'statistic' | 'df' | 'p' | 'effect' | 'cautions' | 'reason'
>;

export type ChiSquareResult = TestFields & {
  test: 'chi_square';
  /** Expected counts of the table after dropping empty rows/columns (empty when there is no test). */
  expected: number[][];
  /** Cells (after dropping) with expected count < 5, and the number of cells. */
  lowExpectedCells: number;
  cells: number;
  /** Indices (in the input) of the rows/columns dropped for a zero margin. */
  droppedRows: number[];
  droppedColumns: number[];
};

/**
 * Checks that `table` is a non-empty rectangular array of non-negative integers. Throws a RangeError
 * otherwise (a programming error: counts come from tabulating data, never from users).
 */
export function checkCounts(table: Counts): void {
  const cols = table[0]?.length ?? 0;
  if (table.length === 0 || cols === 0) throw new RangeError('a contingency table needs rows and columns');
  for (const row of table) {
    if (row.length !== cols) throw new RangeError('a contingency table must be rectangular');
    for (const x of row) {
      if (!Number.isSafeInteger(x) || x < 0)
        throw new RangeError(`counts must be non-negative integers, got ${x}`);
    }
  }
}

/** Drops the rows and columns whose margin is zero. */
export function dropEmptyMargins(table: Counts): ReducedTable {
  checkCounts(table);
  const rowSums = table.map((row) => row.reduce((s, x) => s + x, 0));
  const colSums = table[0]!.map((_, j) => table.reduce((s, row) => s + row[j]!, 0));
  const rows = rowSums.flatMap((s, i) => (s > 0 ? [i] : []));
  const columns = colSums.flatMap((s, j) => (s > 0 ? [j] : []));
  return {
    table: rows.map((i) => columns.map((j) => table[i]![j]!)),
    rows,
    columns,
    droppedRows: rowSums.flatMap((s, i) => (s > 0 ? [] : [i])),
    droppedColumns: colSums.flatMap((s, j) => (s > 0 ? [] : [j])),
  };
}

const METHOD = 'chi-square approximation, no continuity correction';

/** Pearson's chi-square test of independence (no Yates correction), with Cramér's V. */
export function chiSquareTest(table: Counts): ChiSquareResult {
  const reduced = dropEmptyMargins(table);
  const t = reduced.table;
  const n = t.reduce((s, row) => s + row.reduce((a, x) => a + x, 0), 0);
  const r = t.length;
  const c = t[0]?.length ?? 0;
  const base = {
    test: 'chi_square' as const,
    method: METHOD,
    n,
    droppedRows: reduced.droppedRows,
    droppedColumns: reduced.droppedColumns,
  };
  if (n === 0 || r < 2 || c < 2) {
    return {
      ...base,
      method: null,
      statistic: null,
      df: null,
      p: null,
      effect: { name: 'cramers_v', value: null, ci: null },
      expected: [],
      lowExpectedCells: 0,
      cells: r * c,
      cautions: [],
      reason:
        n === 0
          ? 'no observations'
          : r < 2
            ? 'only one row category has observations'
            : 'only one column category has observations',
    };
  }
  const rowSums = t.map((row) => row.reduce((s, x) => s + x, 0));
  const colSums = t[0]!.map((_, j) => t.reduce((s, row) => s + row[j]!, 0));
  const expected = rowSums.map((ri) => colSums.map((cj) => (ri * cj) / n));
  let statistic = 0;
  let lowExpectedCells = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = expected[i]![j]!;
      const d = t[i]![j]! - e;
      statistic += (d * d) / e;
      if (e < 5) lowExpectedCells++;
    }
  }
  const df = (r - 1) * (c - 1);
  const cells = r * c;
  return {
    ...base,
    statistic,
    df,
    p: chiSquareUpperP(statistic, df),
    effect: {
      name: 'cramers_v',
      value: Math.min(1, Math.sqrt(statistic / (n * (Math.min(r, c) - 1)))),
      ci: null,
    },
    expected,
    lowExpectedCells,
    cells,
    cautions: lowExpectedCells > 0 ? [`expected count < 5 in ${lowExpectedCells} of ${cells} cells`] : [],
    reason: null,
  };
}
