import { bootstrapPercentileCI, type BootstrapCI, type BootstrapOptions } from './bootstrap';
import type { CategoricalTable, RatingTable } from './ratings';

/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"), with missing data.
 *
 * - Pairable values only: units (cases) with ≥ 2 values; no listwise deletion.
 * - Coincidences o_ck = Σ_u Σ_{i≠j} 1[v_ui = c, v_uj = k]/(m_u − 1); n_c = Σ_k o_ck; n = Σ_c n_c.
 * - α = 1 − (n − 1) Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck = 1 − D_o/D_e.
 * - δ²: nominal 1[c≠k]; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the values in order (declared order
 *   for categories, numeric order for numbers); interval (c − k)²; ratio ((c − k)/(c + k))².
 */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export type AlphaOptions = {
  /** Adds a percentile bootstrap CI that resamples pairable units (cases). */
  bootstrap?: BootstrapOptions;
};

type AlphaCounts = {
  metric: AlphaMetric;
  /** n: the number of pairable values (values in units with ≥ 2 values). */
  n_pairable: number;
  /** Units (cases) with ≥ 2 values. */
  n_units_pairable: number;
  /** Values left out because their unit has only one value. */
  n_values_unpairable: number;
  method: string;
};

export type AlphaResult =
  | (AlphaCounts & {
      value: number;
      /** D_o = Σ o_ck δ²_ck / n */
      observed_disagreement: number;
      /** D_e = Σ n_c n_k δ²_ck / (n(n − 1)) */
      expected_disagreement: number;
      bootstrap?: BootstrapCI;
    })
  | (AlphaCounts & { value: null; reason: string });

/** Krippendorff's alpha of a case × reader table. Interval and ratio need numeric values. */
export function krippendorffAlpha(
  table: RatingTable | CategoricalTable,
  metric: AlphaMetric,
  options: AlphaOptions = {},
): AlphaResult {
  if ('categories' in table && (metric === 'interval' || metric === 'ratio')) {
    throw new Error(
      `the ${metric} metric needs numeric values; categories have only an order (use nominal or ordinal, or a numeric table)`,
    );
  }
  const units = table.cells.map((row) => row.filter((v): v is number => v !== null));
  return alphaOfUnits(units, metric, options);
}

/** Alpha from units given as lists of values (category indices in declared order, or numbers). */
export function alphaOfUnits(
  units: number[][],
  metric: AlphaMetric,
  options: AlphaOptions = {},
): AlphaResult {
  const pairable = units.filter((u) => u.length >= 2);
  const core = alphaCore(pairable, metric);
  const counts: AlphaCounts = {
    metric,
    n_pairable: core.n,
    n_units_pairable: pairable.length,
    n_values_unpairable: units.reduce((s, u) => s + (u.length === 1 ? 1 : 0), 0),
    method: METHOD[metric],
  };
  if ('reason' in core) return { ...counts, value: null, reason: core.reason };
  const result: AlphaResult = {
    ...counts,
    value: 1 - core.dO / core.dE,
    observed_disagreement: core.dO,
    expected_disagreement: core.dE,
  };
  if (options.bootstrap) {
    result.bootstrap = bootstrapPercentileCI(
      pairable,
      (sample) => {
        const c = alphaCore(sample, metric);
        return 'reason' in c ? null : 1 - c.dO / c.dE;
      },
      options.bootstrap,
    );
  }
  return result;
}

const METHOD: Record<AlphaMetric, string> = {
  nominal: "Krippendorff's alpha (2011), nominal δ²; pairable values only (cases with ≥ 2 ratings)",
  ordinal:
    "Krippendorff's alpha (2011), ordinal δ² on ranks from the marginal counts; pairable values only (cases with ≥ 2 ratings)",
  interval:
    "Krippendorff's alpha (2011), interval δ² = (c − k)²; pairable values only (cases with ≥ 2 ratings)",
  ratio:
    "Krippendorff's alpha (2011), ratio δ² = ((c − k)/(c + k))²; pairable values only (cases with ≥ 2 ratings)",
};

type Core = { n: number; dO: number; dE: number } | { n: number; reason: string };

/** D_o and D_e over units that each have ≥ 2 values. */
function alphaCore(pairable: number[][], metric: AlphaMetric): Core {
  const n = pairable.reduce((s, u) => s + u.length, 0);
  if (pairable.length === 0) return { n, reason: 'no case has two or more ratings, so no value is pairable' };
  if (metric === 'ratio' && pairable.some((u) => u.some((v) => v < 0))) {
    return { n, reason: 'the ratio metric needs non-negative values' };
  }

  let observed: number; // Σ_ck o_ck δ²_ck
  let expected: number; // Σ_ck n_c n_k δ²_ck
  if (metric === 'interval') {
    // Σ_ck a_c a_k (c − k)² = 2 m Σ_c a_c (c − mean)², for any multiset of m values.
    observed = pairable.reduce((s, u) => s + (2 * u.length * sumSquaredDeviations(u)) / (u.length - 1), 0);
    expected = 2 * n * sumSquaredDeviations(pairable.flat());
  } else {
    const domain = [...new Set(pairable.flat())].sort((a, b) => a - b);
    const index = new Map(domain.map((v, i) => [v, i]));
    const marginal = domain.map(() => 0);
    for (const u of pairable) for (const v of u) marginal[index.get(v)!]! += 1;
    const delta = deltaSquared(metric, domain, marginal);
    observed = 0;
    for (const u of pairable) {
      const counts = new Map<number, number>();
      for (const v of u) {
        const i = index.get(v)!;
        counts.set(i, (counts.get(i) ?? 0) + 1);
      }
      let s = 0;
      for (const [c, nc] of counts) for (const [k, nk] of counts) if (c !== k) s += nc * nk * delta(c, k);
      observed += s / (u.length - 1);
    }
    expected = 0;
    for (let c = 0; c < domain.length; c++) {
      for (let k = 0; k < domain.length; k++) {
        if (c !== k) expected += marginal[c]! * marginal[k]! * delta(c, k);
      }
    }
  }
  if (!(expected > 0)) {
    return {
      n,
      reason: 'no variation: every pairable value is the same, so expected disagreement is 0 (0/0)',
    };
  }
  return { n, dO: observed / n, dE: expected / (n * (n - 1)) };
}

/** δ²(c, k) between positions c and k of the ascending domain. */
function deltaSquared(
  metric: Exclude<AlphaMetric, 'interval'>,
  domain: number[],
  marginal: number[],
): (c: number, k: number) => number {
  if (metric === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (metric === 'ratio') {
    return (c, k) => {
      const a = domain[c]!;
      const b = domain[k]!;
      return a === b ? 0 : ((a - b) / (a + b)) ** 2;
    };
  }
  // ordinal: cumulative[i] = Σ_{g<i} n_g
  const cumulative = [0];
  for (const m of marginal) cumulative.push(cumulative[cumulative.length - 1]! + m);
  return (c, k) => {
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    return (cumulative[hi + 1]! - cumulative[lo]! - (marginal[lo]! + marginal[hi]!) / 2) ** 2;
  };
}

function sumSquaredDeviations(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0);
}
