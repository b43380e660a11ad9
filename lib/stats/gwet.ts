import { differenceVariance, rawAgreement, sqrtVariance, tInterval } from './percent-agreement';
import type { CategoricalTable } from './ratings';
import { undefinedStat, type Undefined } from './result';
import { assertWeights, isIdentity, weightMatrix, type WeightMatrix, type WeightScheme } from './weights';

export type GwetWeights = WeightScheme | WeightMatrix;

export type GwetAC = {
  /** AC1 (identity weights) or AC2 (any other weights). */
  value: number;
  coefficient: 'AC1' | 'AC2';
  weights: WeightScheme | 'custom';
  pa: number;
  /** p_e = T_w Σ π_k(1 − π_k)/(q(q − 1)), q = number of declared categories. */
  pe: number;
  se: number | null;
  /** t(n − 1) interval, upper end clipped at 1 (irrCAC). */
  ci95: [number, number] | null;
  /** Cases used: with ≥ 1 rating (raw form) or in the table (two-rater table form). */
  n: number;
  method: string;
};

function resolve(weights: GwetWeights, q: number): { w: WeightMatrix; name: WeightScheme | 'custom' } {
  const w = typeof weights === 'string' ? weightMatrix(weights, q) : weights;
  assertWeights(w, q);
  return { w, name: typeof weights === 'string' ? weights : 'custom' };
}

/** The result both estimators share; only the variance and the method note differ. */
function acResult(
  r: {
    ac: number;
    w: WeightMatrix;
    name: WeightScheme | 'custom';
    pa: number;
    pe: number;
    se: number | null;
    n: number;
  },
  method: string,
): GwetAC {
  return {
    value: r.ac,
    coefficient: isIdentity(r.w) ? 'AC1' : 'AC2',
    weights: r.name,
    pa: r.pa,
    pe: r.pe,
    se: r.se,
    ci95: tInterval(r.ac, r.se, r.n),
    n: r.n,
    method,
  };
}

const sumAll = (w: WeightMatrix): number => w.reduce((a, row) => a + row.reduce((b, x) => b + x, 0), 0);

/**
 * Gwet's AC1/AC2 from raw ratings, as irrCAC `gwet.ac1.raw`: every case with ≥ 1 rating;
 * p_a from cases with ≥ 2 ratings; π_k = mean over cases of n_ik/r_i; variance in the
 * raw-data (linearisation) form with n(n − 1) in the denominator.
 */
export function gwetAC(t: CategoricalTable, weights: GwetWeights = 'identity'): GwetAC | Undefined {
  const q = t.categories.length;
  if (q < 2) return undefinedStat(`fewer than 2 declared categories (${q})`);
  const { w, name } = resolve(weights, q);
  const { counts, r, paI, n, n2, pa } = rawAgreement(t, w);
  if (n < 2) return undefinedStat(`fewer than 2 rated cases (${n})`);
  if (pa === null) return undefinedStat('no case has 2 or more ratings');

  const pi = Array.from({ length: q }, (_, k) => counts.reduce((a, c, i) => a + c[k]! / r[i]!, 0) / n);
  const tw = sumAll(w);
  const c = tw / (q * (q - 1));
  const pe = c * pi.reduce((a, p) => a + p * (1 - p), 0);
  if (1 - pe < 1e-12) return undefinedStat('chance agreement p_e is 1: the coefficient is 0/0');
  const ac = (pa - pe) / (1 - pe);

  let ss = 0;
  counts.forEach((cnt, i) => {
    const ri = r[i]!;
    const acI = ((n / n2) * (paI[i]! - (ri >= 2 ? pe : 0))) / (1 - pe);
    const peI = (c * cnt.reduce((a, x, k) => a + x * (1 - pi[k]!), 0)) / ri;
    const acIx = acI - (2 * (1 - ac) * (peI - pe)) / (1 - pe);
    ss += (acIx - ac) ** 2;
  });
  const se = sqrtVariance(ss / (n * (n - 1)));
  return acResult(
    { ac, w, name, pa, pe, se, n },
    "Gwet's AC1/AC2 (Gwet 2008, 2014) as irrCAC gwet.ac1.raw: cases with ≥ 1 rating, p_e over the declared categories; raw-data variance; 95% CI with t(n − 1), upper end clipped at 1.",
  );
}

/**
 * Gwet's AC1/AC2 for two readers from their k×k contingency table (rows: first reader), with the
 * two-rater variance of Gwet (2008) as irrCAC `gwet.ac1.table`.
 */
export function gwetACFromTable(table: number[][], weights: GwetWeights = 'identity'): GwetAC | Undefined {
  const q = table.length;
  if (table.some((row) => row.length !== q)) throw new Error('the contingency table must be square');
  if (q < 2) return undefinedStat(`fewer than 2 declared categories (${q})`);
  const { w, name } = resolve(weights, q);
  const n = table.flat().reduce((a, b) => a + b, 0);
  if (n < 2) return undefinedStat(`fewer than 2 cases (${n})`);

  const p = table.map((row) => row.map((x) => x / n));
  const rowM = p.map((row) => row.reduce((a, b) => a + b, 0));
  const colM = Array.from({ length: q }, (_, j) => p.reduce((a, row) => a + row[j]!, 0));
  const pi = rowM.map((x, k) => (x + colM[k]!) / 2);
  let pa = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) pa += w[k]![l]! * p[k]![l]!;
  const tw = sumAll(w);
  const c = tw / (q * (q - 1));
  const pe = c * pi.reduce((a, x) => a + x * (1 - x), 0);
  if (1 - pe < 1e-12) return undefinedStat('chance agreement p_e is 1: the coefficient is 0/0');
  const ac = (pa - pe) / (1 - pe);

  let s1 = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      s1 += p[k]![l]! * (w[k]![l]! - 2 * (1 - ac) * c * (1 - (pi[k]! + pi[l]!) / 2)) ** 2;
    }
  }
  const se = sqrtVariance(differenceVariance(s1, (pa - 2 * (1 - ac) * pe) ** 2, n * (1 - pe) ** 2));
  return acResult(
    { ac, w, name, pa, pe, se, n },
    "Gwet's AC1/AC2 for two readers from their contingency table, variance of Gwet (2008) as irrCAC gwet.ac1.table; 95% CI with t(n − 1), upper end clipped at 1.",
  );
}
