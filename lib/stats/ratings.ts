/** One rating in long form: a reader's value for a case; null or '' is missing. */
export type Rating = { caseId: string; readerId: string; value: string | number | null };

/**
 * Ratings as a case × reader table of category indices (into the declared order) or
 * numbers. Cases and readers are sorted so results do not depend on input order.
 */
export type RatingTable = {
  cases: string[];
  readers: string[];
  /** cells[i][j]: the value of reader j for case i, or null when missing. */
  cells: (number | null)[][];
};

/** A categorical table: cells hold indices into `categories` (the declared order). */
export type CategoricalTable = RatingTable & { categories: string[] };

const isMissing = (v: string | number | null) => v === null || v === '';

/** Values not in the declared categories are refused: silently dropping them would bias every statistic. */
export function categoricalTable(ratings: Rating[], categories: string[]): CategoricalTable {
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = tableOf(ratings, (v) => {
    const i = index.get(String(v));
    if (i === undefined)
      throw new Error(
        `value "${String(v)}" is not one of the declared categories (${categories.join(', ')})`,
      );
    return i;
  });
  return { ...table, categories };
}

export function numericTable(ratings: Rating[]): RatingTable {
  return tableOf(ratings, (v) => {
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) throw new Error(`value "${String(v)}" is not a number`);
    return n;
  });
}

function tableOf(ratings: Rating[], convert: (v: string | number) => number): RatingTable {
  const cases = [...new Set(ratings.map((r) => r.caseId))].sort(compareIds);
  const readers = [...new Set(ratings.map((r) => r.readerId))].sort(compareIds);
  const ci = new Map(cases.map((c, i) => [c, i]));
  const ri = new Map(readers.map((r, i) => [r, i]));
  const cells = cases.map(() => readers.map((): number | null => null));
  for (const r of ratings) {
    if (isMissing(r.value)) continue;
    const row = cells[ci.get(r.caseId)!]!;
    const j = ri.get(r.readerId)!;
    if (row[j] !== null) throw new Error(`reader ${r.readerId} rated case ${r.caseId} twice`);
    row[j] = convert(r.value as string | number);
  }
  return { cases, readers, cells };
}

/** Sorts ids numerically when both are numbers, else lexicographically. */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rows where every reader rated the case (listwise complete). */
export function completeRows(t: RatingTable): number[][] {
  return t.cells.filter((row) => row.every((v) => v !== null)) as number[][];
}
