import type { AssociationResult } from '@/lib/genomics/types';
import { Z975 } from '@/lib/stats/result';
import { tTwoSidedP } from './distributions';
import { averageRanks } from './ranks';

/**
 * Spearman's rank correlation, as scipy `stats.spearmanr`:
 * - ρ = Pearson correlation of the average ranks (ties handled by average ranks, no other correction);
 * - p two-sided from t = ρ·√((n − 2)/(1 − ρ²)) with n − 2 df; |ρ| = 1 gives p = 0 (and t null);
 * - 95% CI by Fisher's z with the Fieller, Hartley & Pearson (1957) SE:
 *   tanh(atanh ρ ± 1.959964·√(1.06/(n − 3))); null when n < 4 or |ρ| = 1.
 * statistic = ρ (as scipy), df = n − 2, effect = ρ with its CI. Needs n ≥ 3 and variation in both series.
 */

type TestFields = Pick<
  AssociationResult,
  'method' | 'n' | 'statistic' | 'df' | 'p' | 'effect' | 'cautions' | 'reason'
>;

export type SpearmanResult = TestFields & {
  test: 'spearman';
  /** The t statistic behind p; null when |ρ| = 1 (infinite) or there is no test. */
  t: number | null;
};

const METHOD = 't approximation (n − 2 df); 95% CI by Fisher z with SE √(1.06/(n − 3))';

/** Spearman's ρ between paired series x and y (finite numbers, same length; drop incomplete pairs first). */
export function spearman(x: readonly number[], y: readonly number[]): SpearmanResult {
  if (x.length !== y.length) throw new RangeError('spearman needs two series of the same length');
  const n = x.length;
  const base = { test: 'spearman' as const, method: METHOD, n, cautions: [] };
  const none = (reason: string, df: number | null): SpearmanResult => ({
    ...base,
    method: null,
    statistic: null,
    df,
    p: null,
    t: null,
    effect: { name: 'spearman_rho', value: null, ci: null },
    reason,
  });
  if (n < 3) return none(`${n} pair${n === 1 ? '' : 's'}: need at least 3`, null);
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2; // the mean of average ranks, exactly
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) {
    const which =
      sxx === 0 && syy === 0 ? 'both series' : sxx === 0 ? 'the first series' : 'the second series';
    return none(`no variation: all values of ${which} are tied`, n - 2);
  }
  const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const perfect = Math.abs(rho) === 1;
  const t = perfect ? null : rho * Math.sqrt((n - 2) / (1 - rho * rho));
  const p = t === null ? 0 : tTwoSidedP(t, n - 2);
  let ci: [number, number] | null = null;
  if (n >= 4 && !perfect) {
    const z = Math.atanh(rho);
    const half = Z975 * Math.sqrt(1.06 / (n - 3));
    ci = [Math.tanh(z - half), Math.tanh(z + half)];
  }
  return {
    ...base,
    statistic: rho,
    df: n - 2,
    p,
    t,
    effect: { name: 'spearman_rho', value: rho, ci },
    reason: null,
  };
}
