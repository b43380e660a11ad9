import type { AssociationResult } from '@/lib/genomics/types';
import { chiSquareUpperP } from './distributions';
import { averageRanks, tieCorrectionSum } from './ranks';

/**
 * Kruskal–Wallis rank-sum test, as R `kruskal.test` and scipy `stats.kruskal`:
 *   H = [12/(N(N + 1)) Σ R_g²/n_g − 3(N + 1)] / [1 − Σ(t³ − t)/(N³ − N)]
 * on average ranks (tie-corrected), df = k − 1, p = P(χ²_df ≥ H). Empty groups are dropped first (as
 * R drops unused factor levels), so k counts the non-empty groups.
 * Effect: ε² = H/(N − 1) (Tomczak & Tomczak 2014: ε² = H/((N² − 1)/(N + 1))), in [0, 1].
 */

type TestFields = Pick<
  AssociationResult,
  'method' | 'n' | 'statistic' | 'df' | 'p' | 'effect' | 'cautions' | 'reason'
>;

export type KruskalResult = TestFields & {
  test: 'kruskal_wallis';
  /** Size of each input group, in the input order (0 for a dropped empty group). */
  groupSizes: number[];
  /** Indices of the empty groups that were dropped. */
  droppedGroups: number[];
};

const METHOD = 'chi-square approximation, tie-corrected';

/** Kruskal–Wallis test on k groups of finite numbers (drop missing values first). statistic = H. */
export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalResult {
  const groupSizes = groups.map((g) => g.length);
  const kept = groups.filter((g) => g.length > 0);
  const droppedGroups = groupSizes.flatMap((size, i) => (size === 0 ? [i] : []));
  const pooled = kept.flat();
  const N = pooled.length;
  const base = { test: 'kruskal_wallis' as const, method: METHOD, n: N, groupSizes, droppedGroups };
  const none = (reason: string): KruskalResult => ({
    ...base,
    method: null,
    statistic: null,
    df: null,
    p: null,
    effect: { name: 'epsilon_squared', value: null, ci: null },
    cautions: [],
    reason,
  });
  if (kept.length < 2) return none(`${kept.length === 0 ? 'no' : 'only one'} group has values`);
  const tieSum = tieCorrectionSum(pooled);
  const tieFactor = 1 - tieSum / (N * N * N - N);
  if (!(tieFactor > 0)) return none('all values are tied: the ranks carry no information');
  const ranks = averageRanks(pooled);
  let sum = 0;
  let offset = 0;
  for (const g of kept) {
    let rankSum = 0;
    for (let i = 0; i < g.length; i++) rankSum += ranks[offset + i]!;
    sum += (rankSum * rankSum) / g.length;
    offset += g.length;
  }
  // Rounding can leave −1e-15 for groups with identical rank sums; H is non-negative by construction.
  const H = Math.max(0, ((12 / (N * (N + 1))) * sum - 3 * (N + 1)) / tieFactor);
  const df = kept.length - 1;
  const small = kept.filter((g) => g.length < 5).length;
  return {
    ...base,
    statistic: H,
    df,
    p: chiSquareUpperP(H, df),
    effect: { name: 'epsilon_squared', value: Math.min(1, H / (N - 1)), ci: null },
    cautions:
      small > 0
        ? [`n < 5 in ${small} of ${kept.length} groups: the chi-square approximation may be poor`]
        : [],
    reason: null,
  };
}
