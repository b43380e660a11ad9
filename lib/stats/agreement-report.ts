import { z } from 'zod';
import { cohenKappaAllPairs, type CohenKappaPair } from './cohen-kappa';
import { fleissKappa } from './fleiss-kappa';
import { gwetAC } from './gwet';
import { icc, ICC_FORMS } from './icc';
import { krippendorffAlpha, type AlphaMetric } from './krippendorff';
import { lightsKappa } from './light-kappa';
import { percentAgreement } from './percent-agreement';
import { categoricalTable, compareIds, numericTable, type Rating } from './ratings';
import { ciOrNull } from './result';

export const SCALES = ['nominal', 'ordinal', 'interval', 'ratio'] as const;
export type Scale = (typeof SCALES)[number];

const num = z.number().nullable();
const ci = z.tuple([z.number(), z.number()]).nullable();
const ZKappa = z.object({ value: num, se: num, ci95: ci, z: num, p: num, reason: z.string().optional() });
const ZMaybe = z.object({ value: num, reason: z.string().optional() });

/** The JSON `annolex agreement --format json` prints: a documented, stable contract. */
export const ZAgreementReport = z.strictObject({
  n_cases: z.number().int(),
  n_readers: z.number().int(),
  scale: z.enum(SCALES),
  categories: z.array(z.string()),
  percent_agreement: num,
  cohen_kappa: z.array(
    z.strictObject({
      readers: z.tuple([z.string(), z.string()]),
      n: z.number().int(),
      unweighted: ZKappa,
      linear: ZKappa.optional(),
      quadratic: ZKappa.optional(),
    }),
  ),
  fleiss_kappa: z
    .object({
      value: num,
      se_h0: num,
      z: num,
      p: num,
      n_complete: z.number().int(),
      reason: z.string().optional(),
    })
    .nullable(),
  light_kappa: ZMaybe.nullable(),
  krippendorff_alpha: z.object({
    nominal: ZMaybe,
    ordinal: ZMaybe.optional(),
    interval: ZMaybe.optional(),
    ratio: ZMaybe.optional(),
  }),
  gwet_ac1: z.object({ value: num, se: num, ci95: ci, reason: z.string().optional() }),
  icc: z
    .record(
      z.enum(ICC_FORMS as unknown as [string, ...string[]]),
      z.object({ value: num, F: num, df1: num, df2: num, p: num, ci95: ci, reason: z.string().optional() }),
    )
    .nullable(),
  method: z.record(z.string(), z.string()),
});
export type AgreementReport = z.infer<typeof ZAgreementReport>;

/** The category order: as declared, else numbers numerically and text lexicographically. */
export function categoriesOf(ratings: Rating[], declared?: string[]): string[] {
  if (declared?.length) return declared;
  const values = [
    ...new Set(ratings.filter((r) => r.value !== null && r.value !== '').map((r) => String(r.value))),
  ];
  return values.sort(compareIds);
}

const reason = (x: { value: number | null }) =>
  x.value === null && 'reason' in x ? { reason: String(x.reason) } : {};

function kappaPart(k: CohenKappaPair) {
  if (k.value === null) return { value: null, se: null, ci95: null, z: null, p: null, ...reason(k) };
  return { value: k.value, se: k.se ?? null, ci95: ciOrNull(k.ci95), z: k.z ?? null, p: k.p ?? null };
}

/**
 * Every agreement statistic that applies to one set of ratings on one scale, as in
 * CONVENTIONS.md. Statistics that do not apply to the scale are null; those that apply but
 * are undefined for the data carry value null and a reason.
 */
export function agreementReport(ratings: Rating[], scale: Scale, declared?: string[]): AgreementReport {
  const categories = categoriesOf(ratings, declared);
  const table = categoricalTable(ratings, categories);
  const ordered = scale !== 'nominal';
  const numeric = scale === 'interval' || scale === 'ratio';

  const unweighted = cohenKappaAllPairs(table, 'unweighted');
  const linear = ordered ? cohenKappaAllPairs(table, 'linear') : [];
  const quadratic = ordered ? cohenKappaAllPairs(table, 'quadratic') : [];
  const cohen = unweighted.map((k, i) => ({
    readers: k.readers,
    n: k.n,
    unweighted: kappaPart(k),
    ...(ordered ? { linear: kappaPart(linear[i]!), quadratic: kappaPart(quadratic[i]!) } : {}),
  }));

  const fleiss = fleissKappa(table);
  const light = lightsKappa(table);
  const ac1 = gwetAC(table, 'identity');
  const pa = percentAgreement(table);

  // Interval and ratio alpha and the ICC read the numbers themselves; ordinal scales use category ranks 1..k.
  const valueTable = numeric
    ? numericTable(ratings)
    : { ...table, cells: table.cells.map((row) => row.map((v) => (v === null ? null : v + 1))) };
  const metrics: AlphaMetric[] = [
    'nominal',
    ...(ordered ? (['ordinal'] as const) : []),
    ...(numeric ? (['interval', 'ratio'] as const) : []),
  ];
  const alpha = Object.fromEntries(
    metrics.map((m) => {
      const a = krippendorffAlpha(m === 'interval' || m === 'ratio' ? valueTable : table, m);
      return [m, { value: a.value, ...reason(a) }];
    }),
  ) as AgreementReport['krippendorff_alpha'];

  let iccOut: AgreementReport['icc'] = null;
  if (ordered) {
    const r = icc(valueTable);
    iccOut = Object.fromEntries(
      ICC_FORMS.map((name) => {
        if (!('forms' in r))
          return [
            name,
            { value: null, F: null, df1: null, df2: null, p: null, ci95: null, reason: r.reason },
          ];
        const f = r.forms[name];
        return [
          name,
          {
            value: f.value,
            F: f.F ?? null,
            df1: f.df1 ?? null,
            df2: f.df2 ?? null,
            p: f.p ?? null,
            ci95: ciOrNull(f.ci95),
            ...reason(f),
          },
        ];
      }),
    );
  }

  return {
    n_cases: table.cases.length,
    n_readers: table.readers.length,
    scale,
    categories,
    percent_agreement: pa.value,
    cohen_kappa: cohen,
    fleiss_kappa:
      fleiss.value === null
        ? { value: null, se_h0: null, z: null, p: null, n_complete: 0, ...reason(fleiss) }
        : { value: fleiss.value, se_h0: fleiss.seH0, z: fleiss.z, p: fleiss.p, n_complete: fleiss.nComplete },
    light_kappa: table.readers.length > 2 ? { value: light.value, ...reason(light) } : null,
    krippendorff_alpha: alpha,
    gwet_ac1:
      ac1.value === null
        ? { value: null, se: null, ci95: null, ...reason(ac1) }
        : { value: ac1.value, se: ac1.se, ci95: ciOrNull(ac1.ci95) },
    icc: iccOut,
    method: METHODS,
  };
}

export const METHODS: Record<string, string> = {
  percent_agreement:
    'Mean over cases with ≥ 2 ratings of the proportion of agreeing reader pairs (Fleiss P̄, irrCAC pa).',
  cohen_kappa:
    "Cohen's kappa per reader pair on co-rated cases; linear (Cicchetti–Allison) and quadratic (Fleiss–Cohen) agreement weights on category ranks in the declared order; SE Fleiss–Cohen–Everitt 1969; CI ±1.96·SE unclipped; z and p from the SE under H0.",
  fleiss_kappa:
    "Fleiss' kappa on complete cases (Scott's pi for 2 readers); SE under H0 as Fleiss, Nee & Landis 1979 (R irr), for z and p only.",
  light_kappa:
    "Light's kappa: the mean of pairwise Cohen kappas (unweighted), each on its pair's co-rated cases.",
  krippendorff_alpha:
    "Krippendorff's alpha (2011) on pairable values (cases with ≥ 2 ratings), no listwise deletion; ordinal on ranks.",
  gwet_ac1:
    "Gwet's AC1 (irrCAC gwet.ac1.raw): every case with ≥ 1 rating; q = declared categories; CI with t(n − 1), upper end clipped at 1.",
  icc: 'Shrout & Fleiss 1979 / McGraw & Wong 1996 ICC on complete cases; CIs as R psych ≥ 2.2.2; ICC2 is the default. Ordinal scales use category ranks 1..k.',
};
