import fCdf from '@stdlib/stats-base-dists-f-cdf';
import fQuantile from '@stdlib/stats-base-dists-f-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Distribution functions from stdlib (no hand-rolled special functions). */
export const dist = {
  /** Upper-tail p of an F statistic. */
  fUpperP: (f: number, df1: number, df2: number): number => 1 - fCdf(f, df1, df2),
  fQuantile: (p: number, df1: number, df2: number): number => fQuantile(p, df1, df2),
  tQuantile: (p: number, df: number): number => tQuantile(p, df),
  /** Two-sided p of a t statistic. */
  tTwoSidedP: (t: number, df: number): number => 2 * (1 - tCdf(Math.abs(t), df)),
  /** Two-sided p of a z statistic. */
  zTwoSidedP: (z: number): number => 2 * (1 - normalCdf(Math.abs(z), 0, 1)),
  normalQuantile: (p: number): number => normalQuantile(p, 0, 1),
};
