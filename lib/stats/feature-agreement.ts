import { blandAltman, type BlandAltmanPair } from './bland-altman';
import { cccPairs } from './ccc';
import { cohenKappaAllPairs, contingencyTable, readerPairs } from './cohen-kappa';
import type { FeatureUnit } from './feature-units';
import { fleissKappaGeneralized } from './fleiss-kappa';
import { gwetAC } from './gwet';
import { icc, ICC_FORMS } from './icc';
import { krippendorffAlpha } from './krippendorff';
import { percentAgreement } from './percent-agreement';
import { categoricalTable, numericTable, type CategoricalTable } from './ratings';
import { ciOrNull } from './result';

export type StatCell = {
  name: string;
  value: number | null;
  ci95: [number, number] | null;
  reason?: string;
  method: string;
};

export type FeatureAgreement = {
  key: string;
  label: string;
  section: string;
  kind: FeatureUnit['kind'];
  /** Cases with at least two ratings. */
  nCases: number;
  nReaders: number;
  nExcludedMissingness: number;
  primary: StatCell & { band: string | null };
  stats: StatCell[];
  /** One value per reader pair, for the heatmap. */
  pairs: { readers: [string, string]; value: number | null; metric: string }[];
  confusion?: { readers: [string, string]; categories: string[]; matrix: number[][] }[];
  blandAltman?: BlandAltmanPair[];
};

const cell = (
  name: string,
  x: { value: number | null; ci95?: readonly (number | null)[] | null; reason?: string; method?: string },
  method?: string,
): StatCell => ({
  name,
  value: x.value,
  ci95: ciOrNull(x.ci95),
  ...(x.value === null && x.reason ? { reason: x.reason } : {}),
  method: method ?? x.method ?? '',
});

/** Landis & Koch (1977) bands for kappa-type coefficients. */
export function landisKoch(value: number | null): string | null {
  if (value === null) return null;
  if (value < 0) return 'poor';
  if (value <= 0.2) return 'slight';
  if (value <= 0.4) return 'fair';
  if (value <= 0.6) return 'moderate';
  if (value <= 0.8) return 'substantial';
  return 'almost perfect';
}

/** Koo & Li (2016) bands for ICCs. */
export function kooLi(value: number | null): string | null {
  if (value === null) return null;
  if (value < 0.5) return 'poor';
  if (value < 0.75) return 'moderate';
  if (value < 0.9) return 'good';
  return 'excellent';
}

const casesWithTwo = (t: { cells: (number | null)[][] }) =>
  t.cells.filter((row) => row.filter((v) => v !== null).length >= 2).length;

/**
 * The agreement statistics for one unit, chosen by its kind: κ, AC1 and α nominal for nominal
 * and yes/no; quadratic-weighted κ, α ordinal and AC2 for ordinal; ICC2 (all six on request),
 * α interval, Bland–Altman and CCC for numbers.
 */
export function featureAgreement(unit: FeatureUnit): FeatureAgreement {
  const common = {
    key: unit.key,
    label: unit.label,
    section: unit.section,
    kind: unit.kind,
    nExcludedMissingness: unit.nExcludedMissingness,
  };
  if (unit.kind === 'numeric') {
    const t = numericTable(unit.ratings);
    const r = icc(t);
    const forms = ICC_FORMS.map((name) =>
      'forms' in r
        ? cell(name, r.forms[name], r.method)
        : { name, value: null, ci95: null, reason: r.reason, method: 'ICC on complete cases' },
    );
    const icc2 = forms[1]!;
    return {
      ...common,
      nCases: casesWithTwo(t),
      nReaders: t.readers.length,
      primary: { ...icc2, band: kooLi(icc2.value) },
      stats: [...forms, cell('α interval', krippendorffAlpha(t, 'interval'))],
      pairs: cccPairs(t).map((p) => ({
        readers: [p.reader1, p.reader2] as [string, string],
        value: p.value,
        metric: "Lin's CCC",
      })),
      blandAltman: blandAltman(t),
    };
  }
  const t = categoricalTable(unit.ratings, unit.categories);
  const ordinal = unit.kind === 'ordinal';
  const weights = ordinal ? 'quadratic' : 'identity';
  const kappa = fleissKappaGeneralized(t, weights);
  const primaryName = ordinal ? 'κ quadratic-weighted' : 'κ (Fleiss)';
  const primary = cell(primaryName, kappa);
  const ac = gwetAC(t, weights);
  const pa = percentAgreement(t);
  return {
    ...common,
    nCases: casesWithTwo(t),
    nReaders: t.readers.length,
    primary: { ...primary, band: landisKoch(primary.value) },
    stats: [
      primary,
      cell(ordinal ? 'AC2 quadratic' : 'AC1', ac),
      cell(ordinal ? 'α ordinal' : 'α nominal', krippendorffAlpha(t, ordinal ? 'ordinal' : 'nominal')),
      cell(
        '% agreement',
        { value: pa.value, ci95: null, ...('reason' in pa ? { reason: pa.reason } : {}) },
        'mean proportion of agreeing reader pairs per case',
      ),
    ],
    pairs: cohenKappaAllPairs(t, ordinal ? 'quadratic' : 'unweighted').map((k) => ({
      readers: k.readers,
      value: k.value,
      metric: ordinal ? "Cohen's κ (quadratic)" : "Cohen's κ",
    })),
    confusion: confusionMatrices(t),
  };
}

function confusionMatrices(t: CategoricalTable) {
  return readerPairs(t.readers).map(([a, b]) => ({
    readers: [a, b] as [string, string],
    categories: t.categories,
    matrix: contingencyTable(t, a, b),
  }));
}
