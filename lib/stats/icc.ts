import { dist } from './distributions';
import { completeRows, type RatingTable } from './ratings';
import { finiteOrNull } from './result';

/**
 * Intraclass correlations, all six Shrout–Fleiss (1979) / McGraw–Wong (1996) forms, on complete cases,
 * from a two-way ANOVA (n cases × k readers). Tests, p and 95% CIs as R psych ≥ 2.2.2 `ICC`:
 * - ICC1, ICC3 and their k forms: exact F-based intervals.
 * - ICC2, ICC2k: Satterthwaite df v (McGraw & Wong 1996); ICC2k's bounds are ICC2's stepped up by
 *   Spearman–Brown, which equals McGraw & Wong's ICC(A,k) interval.
 * - F tests: ICC1/ICC1k MSR/MSW on (n − 1, n(k − 1)); the others MSR/MSE on (n − 1, (n − 1)(k − 1)).
 */
export type IccFormName = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';
export const ICC_FORMS: readonly IccFormName[] = ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'];

export type IccMeanSquares = {
  /** Between cases (rows), df n − 1. */
  MSR: number;
  /** Between readers (columns), df k − 1. */
  MSC: number;
  /** Residual, df (n − 1)(k − 1). */
  MSE: number;
  /** Within cases (one-way), df n(k − 1). */
  MSW: number;
};

type IccFormStats = {
  shrout_fleiss: string;
  mcgraw_wong: string;
  description: string;
  /** F statistic of H0: ICC = 0, or null when it is not finite (e.g. no residual variance). */
  F: number | null;
  df1: number;
  df2: number;
  /** Upper-tail p of F. */
  p: number | null;
  /** 95% CI [lower, upper]; a bound is null when it cannot be computed. CIs can be negative. */
  ci95: [number | null, number | null];
};

export type IccForm = IccFormStats & ({ value: number } | { value: null; reason: string });

/** irr 0.84 `icc(…, "twoway", "agreement")`: F = MSR/MSE tested on (n − 1, v), v the Satterthwaite df of the CI. */
export type IrrAgreementTest = {
  note: string;
  F: number | null;
  df1: number;
  df2_irr_satterthwaite: number | null;
  p_irr: number | null;
};

export type IccResult =
  | {
      /** ICC2's value (the default form); null, with ICC2's reason, only when the data have no variance. */
      value: number | null;
      reason?: string;
      /** The radiology default: ICC2 (two-way random, absolute agreement, single reader). */
      default_form: 'ICC2';
      n: number;
      k: number;
      n_excluded_incomplete: number;
      anova_mean_squares: IccMeanSquares;
      forms: Record<IccFormName, IccForm>;
      implementations: { port_mcgraw_wong_as_irr: IrrAgreementTest };
      method: string;
    }
  | { value: null; reason: string; n: number; k: number; n_excluded_incomplete: number };

const METHOD =
  'Shrout & Fleiss (1979) / McGraw & Wong (1996) ICC on complete cases, two-way ANOVA; 95% CIs as R psych ≥ 2.2.2 ' +
  '(exact F for ICC1/ICC3 and k forms, Satterthwaite df for ICC2/ICC2k); k = number of readers';

/** All six ICC forms of a numeric case × reader table, on the cases every reader rated. */
export function icc(table: RatingTable): IccResult {
  const rows = completeRows(table);
  return iccOfMatrix(rows, table.cells.length - rows.length, table.readers.length);
}

/** All six ICC forms of a complete n × k matrix (rows = cases, columns = readers). */
export function iccOfMatrix(rows: number[][], nExcludedIncomplete = 0, k = rows[0]?.length ?? 0): IccResult {
  const n = rows.length;
  const counts = { n, k, n_excluded_incomplete: nExcludedIncomplete };
  if (k < 2) return { value: null, reason: 'fewer than 2 readers', ...counts };
  if (n < 2) return { value: null, reason: 'fewer than 2 cases rated by every reader', ...counts };
  if (rows.some((r) => r.length !== k)) throw new Error('every row must have one value per reader');

  const ms = meanSquares(rows);
  const { MSR, MSC, MSE, MSW } = ms;
  const dfR = n - 1;
  const dfW = n * (k - 1);
  const dfE = (n - 1) * (k - 1);
  const F1 = MSR / MSW;
  const F3 = MSR / MSE;
  const q975 = (d1: number, d2: number) => dist.fQuantile(0.975, d1, d2);
  const test = (F: number, df2: number) => ({
    F: finiteOrNull(F),
    df1: dfR,
    df2,
    p: Number.isFinite(F) ? finiteOrNull(dist.fUpperP(F, dfR, df2)) : null,
  });

  // Exact F intervals (Shrout & Fleiss 1979).
  const F1L = F1 / q975(dfR, dfW);
  const F1U = F1 * q975(dfW, dfR);
  const F3L = F3 / q975(dfR, dfE);
  const F3U = F3 * q975(dfE, dfR);
  const single = (f: number) => (f - 1) / (f + k - 1);
  const average = (f: number) => 1 - 1 / f;

  // ICC2: Satterthwaite df (McGraw & Wong 1996), bounds as psych ≥ 2.2.2.
  const icc2 = ratio(
    MSR - MSE,
    MSR + (k - 1) * MSE + (k * (MSC - MSE)) / n,
    MSR + (k - 1) * MSE + (k * (MSC + MSE)) / n,
  );
  let v = NaN;
  let L2: number | null = null;
  let U2: number | null = null;
  if (icc2 !== null) {
    const a = (k * icc2) / (n * (1 - icc2));
    const b = 1 + (k * icc2 * (n - 1)) / (n * (1 - icc2));
    v = (a * MSC + b * MSE) ** 2 / ((a * MSC) ** 2 / (k - 1) + (b * MSE) ** 2 / dfE);
    if (Number.isFinite(v) && v > 0) {
      const FL = dist.fQuantile(0.975, dfR, v);
      const FU = dist.fQuantile(0.975, v, dfR);
      const c = k * MSC + (k * n - k - n) * MSE;
      L2 = finiteOrNull((n * (MSR - FL * MSE)) / (FL * c + n * MSR));
      U2 = finiteOrNull((n * (FU * MSR - MSE)) / (c + n * FU * MSR));
    }
  }
  const spearmanBrown = (x: number | null) => (x === null ? null : finiteOrNull((k * x) / (1 + (k - 1) * x)));

  const reason =
    MSR === 0 && MSW === 0
      ? 'no variance at all: every value is the same (0/0)'
      : MSR === 0
        ? 'no variance between cases (MSR = 0): the form is 0/0 or undefined'
        : 'the denominator of this form is 0';
  const form = (
    names: [string, string, string],
    value: number | null,
    t: ReturnType<typeof test>,
    ci95: [number | null, number | null],
  ): IccForm => {
    const stats = { shrout_fleiss: names[0], mcgraw_wong: names[1], description: names[2], ...t };
    return value === null ? { ...stats, value: null, reason, ci95: [null, null] } : { ...stats, value, ci95 };
  };
  const bounds = (f: (x: number) => number, lo: number, hi: number): [number | null, number | null] => [
    finiteOrNull(f(lo)),
    finiteOrNull(f(hi)),
  ];

  const forms: Record<IccFormName, IccForm> = {
    ICC1: form(
      ['ICC(1,1)', 'ICC(1)', 'one-way random, single reader'],
      ratio(MSR - MSW, MSR + (k - 1) * MSW),
      test(F1, dfW),
      bounds(single, F1L, F1U),
    ),
    ICC2: form(
      ['ICC(2,1)', 'ICC(A,1)', 'two-way random, absolute agreement, single reader'],
      icc2,
      test(F3, dfE),
      [L2, U2],
    ),
    ICC3: form(
      ['ICC(3,1)', 'ICC(C,1)', 'two-way mixed, consistency, single reader'],
      ratio(MSR - MSE, MSR + (k - 1) * MSE),
      test(F3, dfE),
      bounds(single, F3L, F3U),
    ),
    ICC1k: form(
      ['ICC(1,k)', 'ICC(k)', 'one-way random, mean of k readers'],
      ratio(MSR - MSW, MSR),
      test(F1, dfW),
      bounds(average, F1L, F1U),
    ),
    ICC2k: form(
      ['ICC(2,k)', 'ICC(A,k)', 'two-way random, absolute agreement, mean of k readers'],
      ratio(MSR - MSE, MSR + (MSC - MSE) / n, MSR + (MSC + MSE) / n),
      test(F3, dfE),
      [spearmanBrown(L2), spearmanBrown(U2)],
    ),
    ICC3k: form(
      ['ICC(3,k)', 'ICC(C,k)', 'two-way mixed, consistency, mean of k readers'],
      ratio(MSR - MSE, MSR),
      test(F3, dfE),
      bounds(average, F3L, F3U),
    ),
  };

  const vOrNull = Number.isFinite(v) && v > 0 ? v : null;
  return {
    value: forms.ICC2.value,
    ...(forms.ICC2.value === null ? { reason: forms.ICC2.reason } : {}),
    default_form: 'ICC2',
    ...counts,
    anova_mean_squares: ms,
    forms,
    implementations: {
      port_mcgraw_wong_as_irr: {
        note:
          'irr 0.84 icc(model="twoway", type="agreement", unit="single", r0=0): F = MSR/MSE tested on ' +
          '(n − 1, v) with v the Satterthwaite df of the CI; psych, DescTools and Annolex test on (n − 1, (n − 1)(k − 1))',
        F: finiteOrNull(F3),
        df1: dfR,
        df2_irr_satterthwaite: vOrNull,
        p_irr: vOrNull !== null && Number.isFinite(F3) ? finiteOrNull(dist.fUpperP(F3, dfR, vOrNull)) : null,
      },
    },
    method: METHOD,
  };
}

/** Two-way ANOVA mean squares of a complete n × k matrix. */
export function meanSquares(rows: number[][]): IccMeanSquares {
  const n = rows.length;
  const k = rows[0]!.length;
  const rowMeans = rows.map((r) => r.reduce((s, x) => s + x, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const grand = rowMeans.reduce((s, x) => s + x, 0) / n;
  let ssR = 0;
  let ssC = 0;
  let ssE = 0;
  let ssW = 0;
  for (const m of rowMeans) ssR += k * (m - grand) ** 2;
  for (const m of colMeans) ssC += n * (m - grand) ** 2;
  rows.forEach((r, i) =>
    r.forEach((x, j) => {
      ssE += (x - rowMeans[i]! - colMeans[j]! + grand) ** 2;
      ssW += (x - rowMeans[i]!) ** 2;
    }),
  );
  return { MSR: ssR / (n - 1), MSC: ssC / (k - 1), MSE: ssE / ((n - 1) * (k - 1)), MSW: ssW / (n * (k - 1)) };
}

/**
 * num/den, or null when den is 0 (or the result is not finite). `scale` is the sum of the
 * magnitudes of den's terms: when den is a difference that cancels to rounding noise against
 * it (MSR + (MSC − MSE)/n can be 0 exactly in theory and 1e-16 in floating point), the
 * denominator is taken as 0 rather than dividing by the noise.
 */
function ratio(num: number, den: number, scale = Math.abs(den)): number | null {
  if (den === 0 || Math.abs(den) <= 1e-12 * scale) return null;
  return finiteOrNull(num / den);
}
