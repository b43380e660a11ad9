import { dist } from './distributions';
import {
  caseAgreement,
  caseCategoryCounts,
  differenceVariance,
  rawAgreement,
  sqrtVariance,
  tInterval,
} from './percent-agreement';
import type { CategoricalTable } from './ratings';
import { finiteOrNull, undefinedStat, type Undefined } from './result';
import { assertWeights, weightMatrix, type WeightMatrix, type WeightScheme } from './weights';

export type CategoryKappa =
  | {
      category: string;
      /** κ_j = 1 − Σ_i n_ij(m − n_ij)/(n·m(m−1)·p_j q_j) */
      value: number;
      /** SE under H0, √(2/(n·m(m − 1))) (as R irr, detail = TRUE) */
      seH0: number;
      z: number;
      p: number;
    }
  | (Undefined & { category: string });

export type FleissKappa = {
  value: number;
  /** "Scott's pi" for 2 readers (Fleiss' kappa with m = 2 is Scott's pi, not Cohen's kappa). */
  label: "Fleiss' kappa" | "Scott's pi";
  /** P̄: mean over complete cases of the proportion of agreeing reader pairs. */
  pBar: number;
  /** P̄e = Σ p_j² */
  pBarE: number;
  /** p_j: the share of all ratings in category j (declared order). */
  categoryProportions: number[];
  categoryKappas: CategoryKappa[];
  /** Fleiss, Nee & Landis (1979) SE under H0 (as R irr): for z and p only, not for a CI. */
  seH0: number | null;
  z: number | null;
  /** Two-sided p of z. */
  p: number | null;
  nComplete: number;
  nReaders: number;
  method: string;
};

/** Fleiss' kappa on complete cases (every reader rated the case). */
export function fleissKappa(t: CategoricalTable): FleissKappa | Undefined {
  const m = t.readers.length;
  if (m < 2) return undefinedStat(`fewer than 2 readers (${m})`);
  const complete = caseCategoryCounts(t).filter((c) => c.reduce((a, b) => a + b, 0) === m);
  const n = complete.length;
  if (n < 2) return undefinedStat(`fewer than 2 complete cases (${n})`);
  const k = t.categories.length;

  const pBar = complete.reduce((a, c) => a + caseAgreement(c), 0) / n;
  const pj = Array.from({ length: k }, (_, j) => complete.reduce((a, c) => a + c[j]!, 0) / (n * m));
  const pBarE = pj.reduce((a, x) => a + x * x, 0);
  if (1 - pBarE < 1e-12)
    return undefinedStat('every rating is in one category: chance agreement is 1 and kappa is 0/0');
  const kappa = (pBar - pBarE) / (1 - pBarE);

  const seCat = Math.sqrt(2 / (n * m * (m - 1)));
  const categoryKappas: CategoryKappa[] = t.categories.map((category, j) => {
    const p = pj[j]!;
    const pq = p * (1 - p);
    if (pq <= 0) {
      return {
        ...undefinedStat(
          p === 0 ? 'category not used: its kappa is 0/0' : 'every rating is in this category: 0/0',
        ),
        category,
      };
    }
    const dis = complete.reduce((a, c) => a + c[j]! * (m - c[j]!), 0);
    const value = 1 - dis / (n * m * (m - 1) * pq);
    const z = value / seCat;
    return { category, value, seH0: seCat, z, p: dist.zTwoSidedP(z) };
  });

  const spq = pj.reduce((a, p) => a + p * (1 - p), 0);
  const spqqp = pj.reduce((a, p) => a + p * (1 - p) * (1 - 2 * p), 0);
  const seH0 = sqrtVariance(differenceVariance(spq ** 2, spqqp, (n * m * (m - 1) * spq ** 2) / 2));
  const z = seH0 !== null && seH0 > 0 ? finiteOrNull(kappa / seH0) : null;
  return {
    value: kappa,
    label: m === 2 ? "Scott's pi" : "Fleiss' kappa",
    pBar,
    pBarE,
    categoryProportions: pj,
    categoryKappas,
    seH0,
    z,
    p: z === null ? null : dist.zTwoSidedP(z),
    nComplete: n,
    nReaders: m,
    method:
      "Fleiss' kappa (1971) on complete cases; with 2 readers it is Scott's pi. SE under H0 (Fleiss, Nee & Landis 1979, as R irr) for z and two-sided p only.",
  };
}

export type FleissKappaGeneralized = {
  value: number;
  pa: number;
  pe: number;
  /** Gwet's generalized variance (irrCAC fleiss.kappa.raw). */
  se: number | null;
  /** t(n − 1) interval, upper end clipped at 1 (irrCAC). */
  ci95: [number, number] | null;
  /** Cases with ≥ 1 rating. */
  n: number;
  weights: WeightScheme | 'custom';
  method: string;
};

/**
 * Fleiss' generalized kappa with Gwet's variance (irrCAC `fleiss.kappa.raw`): missing ratings
 * allowed; every case with ≥ 1 rating is used (p_a from cases with ≥ 2 ratings).
 */
export function fleissKappaGeneralized(
  t: CategoricalTable,
  weights: WeightScheme | WeightMatrix = 'identity',
): FleissKappaGeneralized | Undefined {
  const q = t.categories.length;
  if (q < 2) return undefinedStat(`fewer than 2 declared categories (${q})`);
  const w = typeof weights === 'string' ? weightMatrix(weights, q) : weights;
  assertWeights(w, q);
  const { counts, r, paI, n, n2, pa } = rawAgreement(t, w);
  if (n < 2) return undefinedStat(`fewer than 2 rated cases (${n})`);
  if (pa === null) return undefinedStat('no case has 2 or more ratings');

  const pi = Array.from({ length: q }, (_, k) => counts.reduce((a, c, i) => a + c[k]! / r[i]!, 0) / n);
  let pe = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) pe += w[k]![l]! * pi[k]! * pi[l]!;
  if (1 - pe < 1e-12) return undefinedStat('chance agreement p_e is 1: kappa is 0/0');
  const kappa = (pa - pe) / (1 - pe);

  // π̄_k = ((Wπ)_k + (Wᵀπ)_k)/2; pe_i = Σ_k n_ik π̄_k / r_i
  const piW = Array.from({ length: q }, (_, k) => {
    let a = 0;
    for (let l = 0; l < q; l++) a += ((w[k]![l]! + w[l]![k]!) / 2) * pi[l]!;
    return a;
  });
  let ss = 0;
  counts.forEach((c, i) => {
    const ri = r[i]!;
    const kappaI = ((n / n2) * (paI[i]! - (ri >= 2 ? pe : 0))) / (1 - pe);
    const peI = c.reduce((a, x, k) => a + x * piW[k]!, 0) / ri;
    const kappaIx = kappaI - (2 * (1 - kappa) * (peI - pe)) / (1 - pe);
    ss += (kappaIx - kappa) ** 2;
  });
  const se = sqrtVariance(ss / (n * (n - 1)));
  return {
    value: kappa,
    pa,
    pe,
    se,
    ci95: tInterval(kappa, se, n),
    n,
    weights: typeof weights === 'string' ? weights : 'custom',
    method:
      "Fleiss' generalized kappa with Gwet's variance (irrCAC fleiss.kappa.raw): cases with ≥ 1 rating, missing ratings allowed; 95% CI with t(n − 1), upper end clipped at 1.",
  };
}
