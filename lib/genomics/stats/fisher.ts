import type { AssociationResult } from '@/lib/genomics/types';
import { mulberry32 } from '@/lib/stats/bootstrap';
import { checkCounts, dropEmptyMargins, type Counts } from './chi-square';
import { logFactorialTable } from './distributions';

/**
 * Fisher's exact test (2×2) and the Fisher–Freeman–Halton exact test (r×c), two-sided as R `fisher.test`.
 *
 * Under independence with both margins fixed, a table T has probability
 *   P(T) = Π r_i! Π c_j! / (n! Π t_ij!).
 * The statistic is P(observed table); the p-value is the total probability of the tables with the same
 * margins that are no more probable than the observed one, with R's relative tolerance:
 *   p = Σ P(T) over T with P(T) ≤ P(obs)·(1 + 1e-7).
 *
 * r×c: every table with the observed margins is enumerated column by column (a network-style search:
 * a subtree whose most probable completion is already ≤ the threshold is summed in closed form,
 * one whose least probable completion is above it is skipped). When the search visits more than
 * `maxNodes` partial tables, the p-value is instead estimated by Monte Carlo as R
 * `fisher.test(simulate.p.value = TRUE)`: B random tables with the observed margins (one variable's
 * labels permuted against the other's with the seeded mulberry32 PRNG, so the result is reproducible),
 *   p = (1 + #{b : P(T_b) ≤ P(obs)·(1 + 1e-7)}) / (B + 1).
 * (R draws its tables with Patefield's algorithm, which has the same distribution, and uses a tolerance of
 * 64 ulps on ln P instead of 1e-7 on P: the difference only matters for tables of almost equal probability.)
 */

type TestFields = Pick<
  AssociationResult,
  'method' | 'n' | 'statistic' | 'df' | 'p' | 'effect' | 'cautions' | 'reason'
>;

/** R fisher.test's tolerance: tables with P ≤ P(obs)·(1 + 1e-7) count as at least as extreme. */
const REL_TOL = 1e-7;
const LOG_TOL = Math.log1p(REL_TOL);

export type Fisher2x2Result = TestFields & {
  test: 'fisher';
  /** Sample odds ratio (a·d)/(b·c) as scipy `fisher_exact` (R reports the conditional MLE instead); null when b·c = 0. */
  oddsRatio: number | null;
};

/**
 * Fisher's exact test on a 2×2 table [[a, b], [c, d]], two-sided as R `fisher.test` / scipy `fisher_exact`.
 * statistic = P(observed table) (hypergeometric), df = null, effect = null. A table with a zero row or
 * column margin has no test (p null with a reason).
 */
export function fisherExact2x2(table: Counts): Fisher2x2Result {
  checkCounts(table);
  if (table.length !== 2 || table[0]!.length !== 2) throw new RangeError('fisherExact2x2 needs a 2×2 table');
  const [[a, b], [c, d]] = table as [[number, number], [number, number]];
  const n = a + b + c + d;
  const oddsRatio = b * c > 0 ? (a * d) / (b * c) : null;
  const base = {
    test: 'fisher' as const,
    n,
    df: null,
    effect: null,
    cautions: [],
    oddsRatio,
  };
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) {
    return {
      ...base,
      method: null,
      statistic: null,
      p: null,
      reason: n === 0 ? 'no observations' : 'a row or column of the 2×2 table is empty',
    };
  }
  const r1 = a + b;
  const c1 = a + c;
  const lf = logFactorialTable(n);
  const constant = lf[r1]! + lf[n - r1]! + lf[c1]! + lf[n - c1]! - lf[n]!;
  const logP = (x: number) => constant - lf[x]! - lf[r1 - x]! - lf[c1 - x]! - lf[n - r1 - c1 + x]!;
  const lo = Math.max(0, r1 + c1 - n);
  const hi = Math.min(r1, c1);
  const logObs = logP(a);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= logObs + LOG_TOL) p += Math.exp(lp);
  }
  return { ...base, method: 'exact', statistic: Math.exp(logObs), p: Math.min(1, p), reason: null };
}

export type FisherRxCOptions = {
  /**
   * Work limit of the exact enumeration: partial tables visited (default 3 000 000, about 0.25 s; Agresti's
   * 4×4 job-satisfaction table, n = 96, needs about 2 000 000). 0 forces Monte Carlo.
   */
  maxNodes?: number;
  /** Monte Carlo replicates (default 10 000). */
  B?: number;
  /** Monte Carlo seed, an integer in [0, 2^32 − 1] (default 1). */
  seed?: number;
};

export type FisherRxCResult = TestFields & {
  test: 'fisher_freeman_halton';
  /** Partial tables visited by the exact enumeration (up to the limit when it gave up). */
  nodesVisited: number;
  /** The Monte Carlo settings, when the p-value is simulated. */
  monteCarlo: { B: number; seed: number } | null;
  /** Indices (in the input) of the rows/columns dropped for a zero margin. */
  droppedRows: number[];
  droppedColumns: number[];
};

export const FISHER_RXC_DEFAULTS = { maxNodes: 3_000_000, B: 10_000, seed: 1 } as const;

/**
 * The Fisher–Freeman–Halton exact test of independence on an r×c table (two-sided, as R `fisher.test`):
 * exact by enumeration, or Monte Carlo past the work limit (see the module comment). Rows/columns with a
 * zero margin are dropped first; fewer than 2 rows or columns left gives p null with a reason.
 * statistic = P(observed table), df = null, effect = null. method is "exact" or "Monte Carlo (B tables)".
 */
export function fisherFreemanHalton(table: Counts, options: FisherRxCOptions = {}): FisherRxCResult {
  const maxNodes = options.maxNodes ?? FISHER_RXC_DEFAULTS.maxNodes;
  const B = options.B ?? FISHER_RXC_DEFAULTS.B;
  const seed = options.seed ?? FISHER_RXC_DEFAULTS.seed;
  if (!Number.isSafeInteger(B) || B < 1) throw new RangeError(`B must be a positive integer, got ${B}`);
  if (!(maxNodes >= 0)) throw new RangeError(`maxNodes must be ≥ 0, got ${maxNodes}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32 − 1], got ${seed}`);
  }
  const reduced = dropEmptyMargins(table);
  const t = reduced.table;
  const n = t.reduce((s, row) => s + row.reduce((a, x) => a + x, 0), 0);
  const base = {
    test: 'fisher_freeman_halton' as const,
    n,
    df: null,
    effect: null,
    cautions: [],
    droppedRows: reduced.droppedRows,
    droppedColumns: reduced.droppedColumns,
  };
  if (n === 0 || t.length < 2 || t[0]!.length < 2) {
    return {
      ...base,
      method: null,
      statistic: null,
      p: null,
      nodesVisited: 0,
      monteCarlo: null,
      reason:
        n === 0
          ? 'no observations'
          : t.length < 2
            ? 'only one row category has observations'
            : 'only one column category has observations',
    };
  }
  const lf = logFactorialTable(n);
  const rowSums = t.map((row) => row.reduce((s, x) => s + x, 0));
  const colSums = t[0]!.map((_, j) => t.reduce((s, row) => s + row[j]!, 0));
  const constant = sum(rowSums.map((x) => lf[x]!)) + sum(colSums.map((x) => lf[x]!)) - lf[n]!;
  const logObs = constant - sum(t.flat().map((x) => lf[x]!));
  const threshold = logObs + LOG_TOL;
  const exact = exactP(t, lf, constant, threshold, maxNodes);
  if (exact.p !== null) {
    return {
      ...base,
      method: 'exact',
      statistic: Math.exp(logObs),
      p: Math.min(1, exact.p),
      nodesVisited: exact.nodes,
      monteCarlo: null,
      reason: null,
    };
  }
  return {
    ...base,
    method: `Monte Carlo (${B} tables)`,
    statistic: Math.exp(logObs),
    p: monteCarloP(t, lf, constant, threshold, B, seed),
    nodesVisited: exact.nodes,
    monteCarlo: { B, seed },
    reason: null,
  };
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * Exact p by enumeration, or p null when more than maxNodes partial tables would be visited.
 * Columns are filled one at a time (vectors over the rows); the last column is forced by the row margins.
 */
function exactP(
  table: number[][],
  lf: Float64Array,
  constant: number,
  threshold: number,
  maxNodes: number,
): { p: number | null; nodes: number } {
  // Enumerate vectors along the shorter side, largest columns first (fewer partial tables survive
  // the bounds that way); the last column is forced by the row margins.
  const oriented = table.length > table[0]!.length ? transpose(table) : table;
  const r = oriented.length;
  const cols = oriented[0]!.map((_, j) => oriented.reduce((s, row) => s + row[j]!, 0)).sort((a, b) => b - a);
  const c = cols.length;
  const rem = Int32Array.from(oriented.map((row) => row.reduce((s, x) => s + x, 0)));
  // Per column j: Σ_{k ≥ j} ln c_k!, Σ_{k ≥ j} c_k, and the columns j.. sorted ascending / descending.
  const colLfSuffix = new Float64Array(c + 1);
  const colSuffix = new Int32Array(c + 1);
  for (let j = c - 1; j >= 0; j--) {
    colLfSuffix[j] = colLfSuffix[j + 1]! + lf[cols[j]!]!;
    colSuffix[j] = colSuffix[j + 1]! + cols[j]!;
  }
  const restAsc = cols.map((_, j) => cols.slice(j).sort((a, b) => a - b));
  const restDesc = restAsc.map((xs) => [...xs].reverse());
  const remSuffix = Array.from({ length: c }, () => new Int32Array(r + 1));
  const remSorted = new Int32Array(r);
  let nodes = 0;
  let total = 0;
  let aborted = false;

  /** Upper bound on Σ −ln x! over the completions: each column (or row) spread as evenly as its caps allow. */
  const maxRest = (j: number): number => {
    remSorted.set(rem);
    remSorted.sort();
    let byColumns = 0;
    for (let k = j; k < c; k++) byColumns += spreadEvenly(cols[k]!, remSorted, lf);
    let byRows = 0;
    for (let i = 0; i < r; i++) byRows += spreadEvenly(rem[i]!, restAsc[j]!, lf);
    return Math.min(byColumns, byRows);
  };

  /** Lower bound on Σ −ln x! over the completions: each column (or row) concentrated in its largest caps. */
  const minRest = (j: number): number => {
    remSorted.set(rem);
    remSorted.sort().reverse();
    let byColumns = 0;
    for (let k = j; k < c; k++) byColumns += concentrate(cols[k]!, remSorted, lf);
    let byRows = 0;
    for (let i = 0; i < r; i++) byRows += concentrate(rem[i]!, restDesc[j]!, lf);
    return Math.max(byColumns, byRows);
  };

  const visit = (j: number, w: number): void => {
    if (aborted) return;
    if (++nodes > maxNodes) {
      aborted = true;
      return;
    }
    if (j === c - 1) {
      let lp = constant + w;
      for (let i = 0; i < r; i++) lp -= lf[rem[i]!]!;
      if (lp <= threshold) total += Math.exp(lp);
      return;
    }
    if (constant + w + maxRest(j) <= threshold) {
      // Every completion counts: Σ over completions of Π 1/x! = n_rem!/(Π rem_i! Π c_k!).
      let lp = constant + w + lf[colSuffix[j]!]! - colLfSuffix[j]!;
      for (let i = 0; i < r; i++) lp -= lf[rem[i]!]!;
      total += Math.exp(lp);
      return;
    }
    if (constant + w + minRest(j) > threshold) return;
    const suffix = remSuffix[j]!;
    for (let i = r - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + rem[i]!;
    fill(j, 0, cols[j]!, w, suffix);
  };

  /** Chooses x for row i of column j (left = what the column still needs), then the next rows. */
  const fill = (j: number, i: number, left: number, w: number, suffix: Int32Array): void => {
    if (aborted) return;
    if (i === r - 1) {
      // left ≤ rem[i] is guaranteed by the lower bound below.
      rem[i] = rem[i]! - left;
      visit(j + 1, w - lf[left]!);
      rem[i] = rem[i]! + left;
      return;
    }
    const lo = Math.max(0, left - suffix[i + 1]!);
    const hi = Math.min(left, rem[i]!);
    for (let x = lo; x <= hi; x++) {
      rem[i] = rem[i]! - x;
      fill(j, i + 1, left - x, w - lf[x]!, suffix);
      rem[i] = rem[i]! + x;
    }
  };

  visit(0, 0);
  return aborted ? { p: null, nodes: maxNodes } : { p: total, nodes };
}

/** max Σ −ln x_i! subject to Σ x_i = total, 0 ≤ x_i ≤ caps_i (caps ascending): water-filling. */
function spreadEvenly(total: number, capsAsc: ArrayLike<number>, lf: Float64Array): number {
  let left = total;
  let value = 0;
  const m = capsAsc.length;
  for (let k = 0; k < m; k++) {
    const count = m - k;
    const cap = capsAsc[k]!;
    if (cap * count <= left) {
      value -= lf[cap]!;
      left -= cap;
    } else {
      // Every remaining cap exceeds the level left/count: q or q + 1 each.
      const q = Math.floor(left / count);
      const extra = left - q * count;
      return value - extra * lf[q + 1]! - (count - extra) * lf[q]!;
    }
  }
  return value;
}

/** min Σ −ln x_i! subject to Σ x_i = total, 0 ≤ x_i ≤ caps_i (caps descending): fill the largest caps first. */
function concentrate(total: number, capsDesc: ArrayLike<number>, lf: Float64Array): number {
  let left = total;
  let value = 0;
  for (let k = 0; k < capsDesc.length && left > 0; k++) {
    const x = Math.min(capsDesc[k]!, left);
    value -= lf[x]!;
    left -= x;
  }
  return value;
}

function transpose(table: number[][]): number[][] {
  return table[0]!.map((_, j) => table.map((row) => row[j]!));
}

/** Monte Carlo p: B tables with the observed margins, from permuting the column labels against the row labels. */
function monteCarloP(
  table: number[][],
  lf: Float64Array,
  constant: number,
  threshold: number,
  B: number,
  seed: number,
): number {
  const r = table.length;
  const c = table[0]!.length;
  const rowLabel: number[] = [];
  const colLabel: number[] = [];
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      for (let k = 0; k < table[i]![j]!; k++) {
        rowLabel.push(i);
        colLabel.push(j);
      }
    }
  }
  const n = rowLabel.length;
  const labels = Int32Array.from(colLabel);
  const counts = new Int32Array(r * c);
  const random = mulberry32(seed);
  let hits = 0;
  for (let b = 0; b < B; b++) {
    for (let k = n - 1; k > 0; k--) {
      const m = Math.floor(random() * (k + 1));
      const tmp = labels[k]!;
      labels[k] = labels[m]!;
      labels[m] = tmp;
    }
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[rowLabel[k]! * c + labels[k]!]!++;
    let lp = constant;
    for (let k = 0; k < counts.length; k++) lp -= lf[counts[k]!]!;
    if (lp <= threshold) hits++;
  }
  return (1 + hits) / (B + 1);
}
