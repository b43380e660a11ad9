import { coRatedPairs } from './bland-altman';
import type { RatingTable } from './ratings';

/**
 * Lin's concordance correlation coefficient (Lin 1989), population-moment form:
 *   ρc = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²), with s_x², s_y², s_xy divided by n (not n − 1),
 * as in Lin (1989) eq. 2 and R DescTools `CCC`. ρc = r·C_b, the Pearson r (precision) times the
 * bias-correction factor C_b = 2/(v + 1/v + u²), v = s_x/s_y, u = (x̄ − ȳ)/√(s_x·s_y) (accuracy).
 * A reader with no variance makes r, and so the decomposition, undefined: the result is null with a reason
 * (the formula alone would give a silent 0).
 */
type CccCommon = { reader1: string; reader2: string; n: number; method: string };

export type CccResult =
  | (CccCommon & {
      value: number;
      /** Pearson r: precision. */
      pearson_r: number;
      /** C_b: accuracy (how far the best-fit line is from the identity line). */
      bias_correction: number;
      mean1: number;
      mean2: number;
      /** Population variances (divided by n). */
      variance1: number;
      variance2: number;
    })
  | (CccCommon & { value: null; reason: string });

const METHOD = "Lin's concordance correlation coefficient (Lin 1989), population moments (divided by n)";

/** Lin's CCC of two paired series (x = reader1, y = reader2). */
export function linCcc(
  x: readonly number[],
  y: readonly number[],
  labels: { reader1?: string; reader2?: string } = {},
): CccResult {
  if (x.length !== y.length) throw new Error('the two series must have the same length');
  const n = x.length;
  const common: CccCommon = {
    reader1: labels.reader1 ?? 'reader1',
    reader2: labels.reader2 ?? 'reader2',
    n,
    method: METHOD,
  };
  if (n < 2)
    return { ...common, value: null, reason: `${n} co-rated case${n === 1 ? '' : 's'}: need at least 2` };
  const mean1 = x.reduce((s, v) => s + v, 0) / n;
  const mean2 = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mean1;
    const dy = y[i]! - mean2;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const variance1 = sxx / n;
  const variance2 = syy / n;
  const covariance = sxy / n;
  if (variance1 === 0 || variance2 === 0) {
    const constant = [variance1 === 0 ? common.reader1 : null, variance2 === 0 ? common.reader2 : null];
    return {
      ...common,
      value: null,
      reason: `no variance: ${constant.filter((r) => r !== null).join(' and ')} gave one value to every case, so the correlation is undefined`,
    };
  }
  const value = (2 * covariance) / (variance1 + variance2 + (mean1 - mean2) ** 2);
  const pearson_r = covariance / Math.sqrt(variance1 * variance2);
  const v = Math.sqrt(variance1 / variance2);
  const u = (mean1 - mean2) / Math.sqrt(Math.sqrt(variance1 * variance2));
  return {
    ...common,
    value,
    pearson_r,
    bias_correction: 2 / (v + 1 / v + u * u),
    mean1,
    mean2,
    variance1,
    variance2,
  };
}

/** Lin's CCC for each reader pair (reader1 < reader2 by compareIds), on the cases both rated. */
export function cccPairs(table: RatingTable): CccResult[] {
  return coRatedPairs(table).map((p) => linCcc(p.x, p.y, { reader1: p.reader1, reader2: p.reader2 }));
}
