import type { AssociationResult } from '@/lib/genomics/types';
import { normalTwoSidedP } from './distributions';
import { averageRanks, tieCorrectionSum } from './ranks';

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test, two-sided, as R `wilcox.test(x, y, exact = NULL, correct = TRUE)`:
 * - U₁ = R₁ − n₁(n₁ + 1)/2, R₁ the sum of the first group's average ranks in the pooled sample (R's W);
 * - exact p when both groups have fewer than 50 values and there are no ties:
 *   p = min(1, 2·P(U ≥ max(U₁, U₂))), the null distribution of U counted by dynamic programming;
 * - otherwise the normal approximation with tie-corrected variance and continuity correction:
 *   σ² = n₁n₂/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))),  z = (U₁ − n₁n₂/2 − ½·sign(U₁ − n₁n₂/2))/σ,  p = 2Φ(−|z|)
 *   (= scipy `mannwhitneyu(method="asymptotic", use_continuity=True)`).
 * Effect: AUC = U₁/(n₁n₂) = P(X₁ > X₂) + ½P(X₁ = X₂); above 0.5 means the first group's values are higher.
 */

type TestFields = Pick<
  AssociationResult,
  'method' | 'n' | 'statistic' | 'df' | 'p' | 'effect' | 'cautions' | 'reason'
>;

export type MannWhitneyResult = TestFields & {
  test: 'mann_whitney';
  n1: number;
  n2: number;
  /** The normal deviate (continuity-corrected); null for the exact p-value or when there is no test. */
  z: number | null;
  /** Whether the pooled sample has tied values. */
  ties: boolean;
};

/** Groups below this size (both) without ties get the exact p-value, as R. */
export const MANN_WHITNEY_EXACT_BELOW = 50;

const EXACT = 'exact';
const NORMAL = 'normal approximation (tie-corrected variance), continuity-corrected';

/**
 * Two-sided Mann–Whitney test of `first` against `second` (finite numbers; drop missing values first).
 * statistic = U₁ of the first group; df = null; effect = AUC of the first group.
 */
export function mannWhitney(first: readonly number[], second: readonly number[]): MannWhitneyResult {
  const n1 = first.length;
  const n2 = second.length;
  const pooled = [...first, ...second];
  const ranks = averageRanks(pooled);
  const tieSum = tieCorrectionSum(pooled);
  const base = {
    test: 'mann_whitney' as const,
    n: n1 + n2,
    n1,
    n2,
    df: null,
    ties: tieSum > 0,
    cautions: [],
  };
  if (n1 === 0 || n2 === 0) {
    return {
      ...base,
      method: null,
      statistic: null,
      p: null,
      z: null,
      effect: { name: 'auc', value: null, ci: null },
      reason: `${n1 === 0 ? 'the first' : 'the second'} group has no values`,
    };
  }
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const effect = { name: 'auc' as const, value: u1 / (n1 * n2), ci: null };
  if (n1 < MANN_WHITNEY_EXACT_BELOW && n2 < MANN_WHITNEY_EXACT_BELOW && tieSum === 0) {
    const tail = Math.max(u1, n1 * n2 - u1);
    return {
      ...base,
      method: EXACT,
      statistic: u1,
      p: Math.min(1, 2 * upperTail(n1, n2, tail)),
      z: null,
      effect,
      reason: null,
    };
  }
  const N = n1 + n2;
  const variance = ((n1 * n2) / 12) * (N + 1 - tieSum / (N * (N - 1)));
  if (!(variance > 0)) {
    return {
      ...base,
      method: null,
      statistic: u1,
      p: null,
      z: null,
      effect,
      reason: 'all values are tied: U has no variance',
    };
  }
  const d = u1 - (n1 * n2) / 2;
  const z = (d - 0.5 * Math.sign(d)) / Math.sqrt(variance);
  return { ...base, method: NORMAL, statistic: u1, p: normalTwoSidedP(z), z, effect, reason: null };
}

/**
 * The null distribution of U for sample sizes m and n without ties: count[u] = number of the C(m+n, m)
 * rank arrangements with U = u, by the recurrence c(u; m, n) = c(u − n; m − 1, n) + c(u; m, n − 1)
 * (the largest pooled value belongs to the first group, adding n to U, or to the second). Counts are
 * doubles: only additions, so the relative error stays at a few ulps even past 2^53.
 */
export function mannWhitneyCounts(m: number, n: number): Float64Array {
  // prev[j] = counts for (i − 1, j); cur[j] = counts for (i, j).
  let prev: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n; j++) {
      const counts = new Float64Array(i * j + 1);
      const left = cur[j - 1]!; // (i, j − 1): U unchanged
      const down = prev[j]!; // (i − 1, j): U + j
      for (let u = 0; u < left.length; u++) counts[u] = left[u]!;
      for (let u = 0; u < down.length; u++) counts[u + j] = counts[u + j]! + down[u]!;
      cur.push(counts);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** P(U ≥ u) under the null, no ties. */
function upperTail(m: number, n: number, u: number): number {
  const counts = mannWhitneyCounts(m, n);
  let total = 0;
  let tail = 0;
  for (let k = 0; k < counts.length; k++) {
    total += counts[k]!;
    if (k >= u) tail += counts[k]!;
  }
  return tail / total;
}
