import { dist } from './distributions';
import type { CategoricalTable } from './ratings';
import { finiteOrNull, undefinedStat, type Undefined } from './result';

/** n_ij: for each case, how many readers chose each declared category. */
export function caseCategoryCounts(t: CategoricalTable): number[][] {
  const k = t.categories.length;
  return t.cells.map((row) => {
    const counts = new Array<number>(k).fill(0);
    for (const v of row) if (v !== null) counts[v]! += 1;
    return counts;
  });
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** P_i = Σ_j n_ij(n_ij − 1)/(m_i(m_i − 1)) for a case with m_i ≥ 2 ratings. */
export const caseAgreement = (counts: readonly number[]): number => {
  const m = sum(counts);
  return sum(counts.map((c) => c * (c - 1))) / (m * (m - 1));
};

/**
 * The irrCAC raw-data building blocks with agreement weights w: for each case with ≥ 1 rating,
 * its counts n_ik, its number of ratings r_i and its weighted agreement
 * pa_i = Σ_k n_ik(Σ_l w_kl n_il − 1)/(r_i(r_i − 1)) (0 when r_i < 2); pa = mean pa_i over cases with r_i ≥ 2 (null when there is none).
 */
export function rawAgreement(
  t: CategoricalTable,
  w: number[][],
): { counts: number[][]; r: number[]; paI: number[]; n: number; n2: number; pa: number | null } {
  const counts = caseCategoryCounts(t).filter((c) => sum(c) >= 1);
  const r = counts.map(sum);
  const paI = counts.map((c, i) => {
    const ri = r[i]!;
    if (ri < 2) return 0;
    let s = 0;
    for (let a = 0; a < c.length; a++) {
      let wn = 0;
      for (let b = 0; b < c.length; b++) wn += w[a]![b]! * c[b]!;
      s += c[a]! * (wn - 1);
    }
    return s / (ri * (ri - 1));
  });
  const n2 = r.filter((x) => x >= 2).length;
  return { counts, r, paI, n: counts.length, n2, pa: n2 === 0 ? null : sum(paI) / n2 };
}

/** √var for a variance that may be a rounding hair below 0; null when clearly negative or not finite. */
export function sqrtVariance(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  if (v < 0) return v > -1e-12 ? 0 : null;
  return Math.sqrt(v);
}

/**
 * (a − b)/denominator for a variance written as a difference of two non-negative terms: a
 * difference within rounding error of 0 (relative 1e-12) is 0, so that a zero variance is not
 * reported as a tiny SE (which would turn a z statistic into noise).
 */
export function differenceVariance(a: number, b: number, denominator: number): number {
  const d = a - b;
  return (Math.abs(d) <= 1e-12 * (Math.abs(a) + Math.abs(b)) ? 0 : d) / denominator;
}

/** irrCAC-style interval: t(n − 1) quantile, upper end clipped at 1. */
export function tInterval(value: number, se: number | null, n: number): [number, number] | null {
  if (se === null || n < 2) return null;
  const t = dist.tQuantile(0.975, n - 1);
  const lo = finiteOrNull(value - t * se);
  const hi = finiteOrNull(Math.min(1, value + t * se));
  return lo === null || hi === null ? null : [lo, hi];
}

export type PercentAgreement = {
  /** Mean of P_i over cases with ≥ 2 ratings (Fleiss' P̄, irrCAC `pa`). */
  value: number;
  /** Cases with ≥ 2 ratings (those averaged). */
  nCases: number;
  /** Cases with ≥ 1 rating: the n of the irrCAC variance. */
  nRated: number;
  /** irrCAC `pa.coeff.raw` standard error. */
  se: number | null;
  /** irrCAC `pa.coeff.raw` 95% CI: t(n − 1), upper end clipped at 1. */
  ci95: [number, number] | null;
  method: string;
};

/**
 * Percent agreement: the mean over cases with ≥ 2 ratings of the proportion of agreeing reader
 * pairs. For 2 readers with complete data, the proportion of cases where they agree.
 */
export function percentAgreement(t: CategoricalTable): PercentAgreement | Undefined {
  const counts = caseCategoryCounts(t).filter((c) => sum(c) >= 1);
  const n = counts.length;
  const paired = counts.filter((c) => sum(c) >= 2);
  const n2 = paired.length;
  if (n2 < 2) return undefinedStat(`fewer than 2 cases have at least 2 ratings (${n2})`);
  const pa = sum(paired.map(caseAgreement)) / n2;
  // irrCAC pa.coeff.raw: pa_i = (n/n2)·P_i (0 for a case with one rating), var = Σ(pa_i − pa)²/(n(n − 1)).
  const paI = counts.map((c) => (sum(c) >= 2 ? (n / n2) * caseAgreement(c) : 0));
  const se = sqrtVariance(sum(paI.map((x) => (x - pa) ** 2)) / (n * (n - 1)));
  return {
    value: pa,
    nCases: n2,
    nRated: n,
    se,
    ci95: tInterval(pa, se, n),
    method:
      'Mean over cases with ≥ 2 ratings of the proportion of agreeing reader pairs (Fleiss P̄, irrCAC pa); SE and CI (t, n − 1) as irrCAC pa.coeff.raw.',
  };
}

export type AllReadersAgree = {
  /** Proportion of complete cases on which every reader chose the same category. */
  value: number;
  nComplete: number;
  nAgree: number;
  method: string;
};

/** Proportion of complete cases (every reader rated) where all readers agree (irr `agree`, tolerance 0). */
export function allReadersAgree(t: CategoricalTable): AllReadersAgree | Undefined {
  if (t.readers.length < 2) return undefinedStat(`fewer than 2 readers (${t.readers.length})`);
  const complete = t.cells.filter((row) => row.every((v) => v !== null));
  if (complete.length < 2) return undefinedStat(`fewer than 2 complete cases (${complete.length})`);
  const nAgree = complete.filter((row) => row.every((v) => v === row[0])).length;
  return {
    value: nAgree / complete.length,
    nComplete: complete.length,
    nAgree,
    method:
      'Proportion of complete cases on which all readers chose the same category (irr agree, tolerance 0).',
  };
}
