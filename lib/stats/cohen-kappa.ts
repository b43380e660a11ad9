import { dist } from './distributions';
import { differenceVariance, sqrtVariance } from './percent-agreement';
import { compareIds, type CategoricalTable } from './ratings';
import { finiteOrNull, undefinedStat, Z975, type Undefined } from './result';
import {
  assertWeights,
  identityWeights,
  linearWeights,
  quadraticWeights,
  type WeightMatrix,
} from './weights';

/** Weights of a Cohen kappa: a named scheme on category ranks, or a custom agreement-weight matrix. */
export type KappaWeights = 'unweighted' | 'linear' | 'quadratic' | WeightMatrix;

export type KappaWeightsName = 'unweighted' | 'linear' | 'quadratic' | 'custom';

export function kappaWeightMatrix(
  weights: KappaWeights,
  k: number,
): { name: KappaWeightsName; w: WeightMatrix } {
  if (weights === 'unweighted') return { name: weights, w: identityWeights(k) };
  if (weights === 'linear') return { name: weights, w: linearWeights(k) };
  if (weights === 'quadratic') return { name: weights, w: quadraticWeights(k) };
  assertWeights(weights, k);
  return { name: 'custom', w: weights };
}

export type CohenKappa = {
  value: number;
  weights: KappaWeightsName;
  /** Co-rated cases (pairwise deletion). */
  n: number;
  /** p_o = Σ w_ij p_ij: the proportion of agreeing cases when unweighted. */
  observedAgreement: number;
  /** p_e = Σ w_ij p_i. p_.j */
  expectedAgreement: number;
  /** Fleiss–Cohen–Everitt (1969) large-sample non-null SE (as SAS ASE, SPSS, vcd, statsmodels). */
  se: number | null;
  /** κ ± 1.959964·SE, unclipped. */
  ci95: [number, number] | null;
  /** FCE (1969) SE under H0: κ = 0, used for z and p. */
  seH0: number | null;
  z: number | null;
  /** Two-sided p of z. */
  p: number | null;
  method: string;
};

export type CohenKappaUndefined = Undefined & { weights: KappaWeightsName; n: number };

const METHOD =
  "Cohen's kappa on the cases rated by both readers (pairwise deletion); weights on category ranks in the declared order; " +
  'SE: Fleiss–Cohen–Everitt 1969 non-null; 95% CI κ ± 1.96·SE (unclipped); z and two-sided p use the FCE SE under H0.';

/**
 * Cohen's kappa from a k×k contingency table (rows: first reader, columns: second reader,
 * cells: case counts) and agreement weights.
 */
export function cohenKappaFromTable(
  table: number[][],
  weights: KappaWeights = 'unweighted',
): CohenKappa | CohenKappaUndefined {
  const k = table.length;
  if (k === 0 || table.some((row) => row.length !== k))
    throw new Error('the contingency table must be square');
  const { name, w } = kappaWeightMatrix(weights, k);
  const n = table.flat().reduce((a, b) => a + b, 0);
  const undef = (reason: string): CohenKappaUndefined => ({ ...undefinedStat(reason), weights: name, n });
  if (n < 2) return undef(`fewer than 2 co-rated cases (${n})`);

  const p = table.map((row) => row.map((x) => x / n));
  const rowM = p.map((row) => row.reduce((a, b) => a + b, 0));
  const colM = Array.from({ length: k }, (_, j) => p.reduce((a, row) => a + row[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += w[i]![j]! * p[i]![j]!;
      pe += w[i]![j]! * rowM[i]! * colM[j]!;
    }
  }
  if (1 - pe < 1e-12) {
    const used = rowM.filter((x, i) => x > 0 || colM[i]! > 0).length;
    return undef(
      used <= 1
        ? 'both readers used one identical category: chance agreement is 1 and kappa is 0/0'
        : 'chance agreement p_e is 1 under these weights: kappa is 0/0',
    );
  }
  const kappa = (po - pe) / (1 - pe);

  // w̄_i. = Σ_j p_.j w_ij, w̄_.j = Σ_i p_i. w_ij
  const wRow = Array.from({ length: k }, (_, i) => w[i]!.reduce((a, wij, j) => a + colM[j]! * wij, 0));
  const wCol = Array.from({ length: k }, (_, j) => w.reduce((a, row, i) => a + rowM[i]! * row[j]!, 0));
  let s1 = 0;
  let s0 = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const wij = w[i]![j]!;
      s1 += p[i]![j]! * (wij - (wRow[i]! + wCol[j]!) * (1 - kappa)) ** 2;
      s0 += rowM[i]! * colM[j]! * (wij - (wRow[i]! + wCol[j]!)) ** 2;
    }
  }
  const denom = n * (1 - pe) ** 2;
  const se = sqrtVariance(differenceVariance(s1, (kappa - pe * (1 - kappa)) ** 2, denom));
  const seH0 = sqrtVariance(differenceVariance(s0, pe ** 2, denom));
  const z = seH0 !== null && seH0 > 0 ? finiteOrNull(kappa / seH0) : null;
  return {
    value: kappa,
    weights: name,
    n,
    observedAgreement: po,
    expectedAgreement: pe,
    se,
    ci95: se === null ? null : [kappa - Z975 * se, kappa + Z975 * se],
    seH0,
    z,
    p: z === null ? null : dist.zTwoSidedP(z),
    method: METHOD,
  };
}

/** k×k counts of the cases both readers rated (rows: r1, columns: r2). */
export function contingencyTable(t: CategoricalTable, r1: string, r2: string): number[][] {
  const a = t.readers.indexOf(r1);
  const b = t.readers.indexOf(r2);
  if (a < 0) throw new Error(`unknown reader ${r1}`);
  if (b < 0) throw new Error(`unknown reader ${r2}`);
  const k = t.categories.length;
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const row of t.cells) {
    const x = row[a];
    const y = row[b];
    if (x !== null && x !== undefined && y !== null && y !== undefined) table[x]![y]! += 1;
  }
  return table;
}

export type CohenKappaPair = (CohenKappa | CohenKappaUndefined) & { readers: [string, string] };

/** Cohen's kappa for readers r1 and r2 on their co-rated cases. */
export function cohenKappa(
  t: CategoricalTable,
  r1: string,
  r2: string,
  weights: KappaWeights = 'unweighted',
): CohenKappaPair {
  if (r1 === r2) throw new Error('Cohen kappa needs two different readers');
  return { ...cohenKappaFromTable(contingencyTable(t, r1, r2), weights), readers: [r1, r2] };
}

/** Every reader pair (r1 < r2 by compareIds, pairs sorted). Empty when there are fewer than 2 readers. */
export function readerPairs(readers: readonly string[]): [string, string][] {
  const sorted = [...readers].sort(compareIds);
  const pairs: [string, string][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) pairs.push([sorted[i]!, sorted[j]!]);
  }
  return pairs;
}

/** Cohen's kappa for every reader pair, each on its co-rated cases. */
export function cohenKappaAllPairs(
  t: CategoricalTable,
  weights: KappaWeights = 'unweighted',
): CohenKappaPair[] {
  return readerPairs(t.readers).map(([r1, r2]) => cohenKappa(t, r1, r2, weights));
}
