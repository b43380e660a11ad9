import type { AssociationParams } from '@/lib/genomics/params';
import type {
  AssociationResult,
  EffectName,
  GenomicSource,
  GenomicType,
  TestName,
} from '@/lib/genomics/types';

/** How the radiogenomics page writes tests, effects, p-values and dates. */

export const TEST_LABELS: Record<TestName, string> = {
  fisher: "Fisher's exact",
  fisher_freeman_halton: 'Fisher–Freeman–Halton',
  chi_square: 'Chi-square',
  mann_whitney: 'Mann–Whitney U',
  kruskal_wallis: 'Kruskal–Wallis',
  spearman: 'Spearman',
};

/** The statistic's symbol where the test has a conventional one. */
export const STATISTIC_LABELS: Partial<Record<TestName, string>> = {
  chi_square: 'χ²',
  mann_whitney: 'W',
  kruskal_wallis: 'H',
};

export const EFFECT_LABELS: Record<EffectName, string> = {
  cramers_v: "Cramér's V",
  auc: 'AUC',
  epsilon_squared: 'ε²',
  spearman_rho: 'ρ',
};

export const SOURCE_LABELS: Record<GenomicSource, string> = {
  delimited: 'CSV/TSV',
  cbioportal_clinical: 'cBioPortal clinical',
  maf: 'Mutations (MAF)',
};

export const TYPE_LABELS: Record<GenomicType, string> = {
  categorical: 'Categorical',
  binary: 'Binary',
  continuous: 'Continuous',
};

export const KEY_LABELS: Record<AssociationParams['key'], string> = {
  subject_id: 'Subject id',
  case_key: 'Case key',
};

const trimMantissa = (s: string) => s.replace(/\.?0+e/, 'e').replace('e+', 'e');

/** A p- or q-value: 3 significant digits, scientific below 0.001 (2.1e-7); an empty dash when there is none. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p === 0) return '0';
  if (p < 0.001) return trimMantissa(p.toExponential(2));
  return String(Number(p.toPrecision(3)));
}

/** A statistic or effect value, to 3 decimals (scientific when tiny or huge). */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 10 ** -digits || Math.abs(x) >= 1e6)) return trimMantissa(x.toExponential(2));
  return x.toFixed(digits);
}

/** "Cramér's V 0.312", "ρ 0.451 (95% CI 0.120 to 0.700)". */
export function formatEffect(effect: AssociationResult['effect']): string {
  if (!effect) return '—';
  const value = `${EFFECT_LABELS[effect.name]} ${formatNumber(effect.value)}`;
  return effect.ci
    ? `${value} (95% CI ${formatNumber(effect.ci[0])} to ${formatNumber(effect.ci[1])})`
    : value;
}

/** "χ² = 4.210, df = 2", or the bare value for tests without a conventional symbol. */
export function formatStatistic(r: AssociationResult): string | null {
  if (r.statistic === null || !r.test) return null;
  const symbol = STATISTIC_LABELS[r.test] ?? 'statistic';
  return `${symbol} = ${formatNumber(r.statistic)}${r.df !== null ? `, df = ${r.df}` : ''}`;
}

/** A stored timestamp (ISO 8601), in UTC to the minute, the same on the server and in the browser. */
export function formatDateTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The parameters of a run in one line. */
export function describeParams(p: AssociationParams): string {
  const aggregate = { central: 'central value', majority: 'majority', consensus: 'consensus' }[p.aggregate];
  return [
    aggregate,
    `session ${p.session}`,
    `matched on ${KEY_LABELS[p.key].toLowerCase()}`,
    p.bonferroni ? 'Bonferroni' : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
