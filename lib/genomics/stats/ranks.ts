/**
 * Ranks for the rank-based tests (Mann–Whitney, Kruskal–Wallis, Spearman).
 * Convention: 1-based ranks of the ascending order; tied values share the mean of the ranks they span
 * (R `rank(ties.method = "average")`, scipy `rankdata(method="average")`). Values must be finite:
 * missing values are the caller's to drop.
 */

function checkFinite(values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`ranks need finite numbers, got ${v}`);
  }
}

/** Average ranks (1-based, ties get the mean rank), in the input order. */
export function averageRanks(values: readonly number[]): number[] {
  checkFinite(values);
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end−1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/** Sizes t ≥ 2 of the groups of tied values, in ascending order of the tied value (empty when no ties). */
export function tieGroupSizes(values: readonly number[]): number[] {
  checkFinite(values);
  const sorted = [...values].sort((a, b) => a - b);
  const sizes: number[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    if (end - start > 1) sizes.push(end - start);
    start = end;
  }
  return sizes;
}

/** Σ (t³ − t) over tie groups: the term in the tie corrections of the rank tests (0 when no ties). */
export function tieCorrectionSum(values: readonly number[]): number {
  return tieGroupSizes(values).reduce((s, t) => s + (t * t * t - t), 0);
}
