import gammainc from '@stdlib/math-base-special-gammainc';
import factorialln from '@stdlib/math-base-special-factorialln';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/**
 * Tail probabilities for the association tests, as thin wrappers on stdlib (no hand-rolled special
 * functions). Every p is computed from the lower tail of the mirrored statistic or from the regularized
 * upper incomplete gamma, never as 1 − cdf, so small p-values keep full relative precision
 * (1 − cdf would round anything below ~1e-16 to 0).
 */

/**
 * Upper-tail p of a chi-square statistic: P(X ≥ x) for X ~ χ²(df), the regularized upper incomplete
 * gamma Q(df/2, x/2). x ≤ 0 gives 1. Requires df > 0.
 */
export function chiSquareUpperP(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square df must be > 0, got ${df}`);
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** Two-sided p of a standard normal z: 2·Φ(−|z|), at most 1. */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** Two-sided p of a Student t statistic with df degrees of freedom: 2·F_t(−|t|; df), at most 1. */
export function tTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`t df must be > 0, got ${df}`);
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** ln(k!) for a non-negative integer k (ln Γ(k + 1)). */
export function logFactorial(k: number): number {
  return factorialln(k);
}

/** ln(0!), …, ln(n!) as a table, for the exact tests' inner loops. */
export function logFactorialTable(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) table[k] = factorialln(k);
  return table;
}
