import { dist } from './distributions';
import { compareIds, type RatingTable } from './ratings';
import { finiteOrNull, Z975 } from './result';

/**
 * Bland–Altman analysis (Bland & Altman 1986) for every reader pair (reader1 < reader2 by compareIds), on the
 * cases both rated.
 * - difference d = reader1 − reader2; bias = mean d; SD = sample SD of d (n − 1 denominator);
 * - 95% limits of agreement = bias ± 1.96·SD, with 1.96 = Z975 = 1.959964…;
 * - bias CI: bias ± t_.975(n − 1)·SD/√n; limit CIs: limit ± t_.975(n − 1)·√(3·SD²/n) (Bland & Altman 1986).
 */
export type BlandAltmanPoint = { caseId: string; mean: number; difference: number };

type PairCommon = {
  reader1: string;
  reader2: string;
  /** Cases rated by both readers. */
  n: number;
  difference: 'reader1 − reader2';
  /** One point per co-rated case: (mean of the two readers, reader1 − reader2), for the plot. */
  points: BlandAltmanPoint[];
  method: string;
};

export type BlandAltmanPair =
  | (PairCommon & {
      /** The bias: mean difference reader1 − reader2. */
      value: number;
      sd: number;
      loa95: [number, number];
      bias_ci95: [number, number] | null;
      loa_ci95: { lower: [number, number]; upper: [number, number] } | null;
    })
  | (PairCommon & { value: null; reason: string });

const METHOD =
  'Bland–Altman (1986): bias = mean(reader1 − reader2), SD with n − 1, 95% limits bias ± 1.96·SD (z = 1.959964); ' +
  'CIs with t(n − 1), SE of a limit √(3·SD²/n)';

/** Bland–Altman for each reader pair of a numeric table. */
export function blandAltman(table: RatingTable): BlandAltmanPair[] {
  return coRatedPairs(table).map((p) =>
    blandAltmanPair(p.x, p.y, { reader1: p.reader1, reader2: p.reader2, caseIds: p.caseIds }),
  );
}

export type CoRatedPair = { reader1: string; reader2: string; x: number[]; y: number[]; caseIds: string[] };

/**
 * Every reader pair with reader1 < reader2 (compareIds), and the values of the cases both rated
 * (x = reader1, y = reader2), in the table's case order.
 */
export function coRatedPairs(table: RatingTable): CoRatedPair[] {
  const order = table.readers
    .map((_, j) => j)
    .sort((a, b) => compareIds(table.readers[a]!, table.readers[b]!));
  const pairs: CoRatedPair[] = [];
  order.forEach((a, ia) => {
    for (const b of order.slice(ia + 1)) {
      const pair: CoRatedPair = {
        reader1: table.readers[a]!,
        reader2: table.readers[b]!,
        x: [],
        y: [],
        caseIds: [],
      };
      table.cells.forEach((row, i) => {
        const va = row[a];
        const vb = row[b];
        if (va == null || vb == null) return;
        pair.x.push(va);
        pair.y.push(vb);
        pair.caseIds.push(table.cases[i]!);
      });
      pairs.push(pair);
    }
  });
  return pairs;
}

/** Bland–Altman of two paired series (x = reader1, y = reader2). */
export function blandAltmanPair(
  x: readonly number[],
  y: readonly number[],
  labels: { reader1?: string; reader2?: string; caseIds?: readonly string[] } = {},
): BlandAltmanPair {
  if (x.length !== y.length) throw new Error('the two series must have the same length');
  const n = x.length;
  const points = x.map((xi, i) => ({
    caseId: labels.caseIds?.[i] ?? String(i),
    mean: (xi + y[i]!) / 2,
    difference: xi - y[i]!,
  }));
  const common: PairCommon = {
    reader1: labels.reader1 ?? 'reader1',
    reader2: labels.reader2 ?? 'reader2',
    n,
    difference: 'reader1 − reader2',
    points,
    method: METHOD,
  };
  if (n < 2) {
    return {
      ...common,
      value: null,
      reason: `${n} co-rated case${n === 1 ? '' : 's'}: need at least 2 for an SD`,
    };
  }
  const d = points.map((p) => p.difference);
  const bias = d.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - bias) ** 2, 0) / (n - 1));
  const loa95: [number, number] = [bias - Z975 * sd, bias + Z975 * sd];
  const t = dist.tQuantile(0.975, n - 1);
  const seBias = sd / Math.sqrt(n);
  const seLimit = Math.sqrt((3 * sd * sd) / n);
  const interval = (c: number, se: number): [number, number] | null => {
    const lo = finiteOrNull(c - t * se);
    const hi = finiteOrNull(c + t * se);
    return lo === null || hi === null ? null : [lo, hi];
  };
  const lower = interval(loa95[0], seLimit);
  const upper = interval(loa95[1], seLimit);
  return {
    ...common,
    value: bias,
    sd,
    loa95,
    bias_ci95: interval(bias, seBias),
    loa_ci95: lower && upper ? { lower, upper } : null,
  };
}
