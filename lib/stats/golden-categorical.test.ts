import { describe, expect, it } from 'vitest';
import { cohenKappa, contingencyTable, type KappaWeights } from './cohen-kappa';
import { fleissKappa, fleissKappaGeneralized } from './fleiss-kappa';
import { gwetAC, gwetACFromTable } from './gwet';
import { lightsKappa } from './light-kappa';
import { allReadersAgree, percentAgreement } from './percent-agreement';
import { categoricalTable, compareIds, type CategoricalTable } from './ratings';
import { agrees, loadRatings, publishedValues, type PublishedValue } from './test-golden';
import { customWeights, type WeightScheme } from './weights';

/** Published fields in the scope of the categorical statistics. */
const PREFIXES = ['percent_agreement', 'cohen_kappa', 'fleiss_kappa', 'lights_kappa', 'gwet'];
const inScope = (field: string) => PREFIXES.some((p) => field === p || field.startsWith(`${p}.`));

type Ctx = { entry: PublishedValue; table: CategoricalTable };
type Extractor = (match: RegExpMatchArray, ctx: Ctx) => number | null | undefined;

/** The published entry's table: declared categories (or sorted distinct values), readers restricted by options.readers. */
function tableFor(entry: PublishedValue): CategoricalTable {
  let ratings = loadRatings(entry.dataset);
  const readers = entry.options?.readers?.split(',').map((r) => r.trim());
  if (readers) {
    const known = new Set(ratings.map((r) => r.readerId));
    for (const r of readers) if (!known.has(r)) throw new Error(`${entry.dataset}: no reader ${r}`);
    ratings = ratings.filter((r) => readers.includes(r.readerId));
  }
  const categories =
    entry.categories ??
    [...new Set(ratings.map((r) => r.value).filter((v) => v !== null && v !== ''))]
      .map(String)
      .sort(compareIds);
  return categoricalTable(ratings, categories);
}

function twoReaders(table: CategoricalTable): [string, string] {
  if (table.readers.length !== 2) throw new Error(`expected 2 readers, found ${table.readers.join(', ')}`);
  return [table.readers[0]!, table.readers[1]!];
}

function kappaWeights(name: string, ctx: Ctx): KappaWeights {
  if (name === 'custom') {
    const spec = ctx.entry.options?.['weights-matrix'];
    if (!spec) throw new Error('custom weights need options["weights-matrix"]');
    return customWeights(spec, ctx.table.categories.length);
  }
  return name as KappaWeights;
}

/** Reads `part` (coefficient | value | se | pa | pe | ci95.0 | ci95.1 | z | p) from a result object. */
function pick(result: object, part: string, valueAlias: string): number | null | undefined {
  const r = result as Record<string, unknown> & { ci95?: [number, number] | null };
  if (r.value === null) return null;
  if (part === valueAlias || part === 'value') return r.value as number;
  if (part === 'ci95.0') return r.ci95?.[0];
  if (part === 'ci95.1') return r.ci95?.[1];
  return r[part] as number | null | undefined;
}

/** field pattern → how to compute it. A published in-scope field with no match fails the test. */
const EXTRACTORS: [RegExp, Extractor][] = [
  [/^percent_agreement\.pairwise_mean_over_cases$/, (_, { table }) => percentAgreement(table).value],
  [
    /^percent_agreement\.irrCAC_port\.se$/,
    (_, { table }) => {
      const r = percentAgreement(table);
      return r.value === null ? null : r.se;
    },
  ],
  [/^percent_agreement\.all_readers_agree_complete_cases$/, (_, { table }) => allReadersAgree(table).value],
  [
    /^cohen_kappa\.(unweighted|linear|quadratic|custom)\.(kappa|se|z|p|ci95\.0|ci95\.1)$/,
    ([, w, part], ctx) => {
      const [r1, r2] = twoReaders(ctx.table);
      return pick(cohenKappa(ctx.table, r1, r2, kappaWeights(w!, ctx)), part!, 'kappa');
    },
  ],
  [
    /^cohen_kappa\.observed_agreement$/,
    (_, { table }) => {
      const [r1, r2] = twoReaders(table);
      const r = cohenKappa(table, r1, r2, 'unweighted');
      return r.value === null ? null : r.observedAgreement;
    },
  ],
  [
    /^fleiss_kappa\.(kappa|P_bar_observed|P_e_chance|z|p)$/,
    ([, part], { table }) => {
      const r = fleissKappa(table);
      if (r.value === null) return null;
      return { kappa: r.value, P_bar_observed: r.pBar, P_e_chance: r.pBarE, z: r.z, p: r.p }[part!];
    },
  ],
  [
    /^fleiss_kappa\.category_kappas\.(.+)\.kappa$/,
    ([, category], { table }) => {
      const r = fleissKappa(table);
      if (r.value === null) return null;
      const c = r.categoryKappas.find((x) => x.category === category);
      if (!c) throw new Error(`no category ${category}`);
      return c.value;
    },
  ],
  [
    /^fleiss_kappa\.generalized_gwet_variance\.(coefficient|se|pa|pe|ci95\.0|ci95\.1)$/,
    ([, part], { table }) => pick(fleissKappaGeneralized(table), part!, 'coefficient'),
  ],
  [
    /^lights_kappa\.kappa_complete_cases$/,
    (_, { table }) => lightsKappa(table, 'unweighted', 'complete').value,
  ],
  [/^lights_kappa\.kappa$/, (_, { table }) => lightsKappa(table, 'unweighted', 'pairwise').value],
  [
    /^gwet\.(AC1|AC2\.(linear|quadratic|ordinal))\.(coefficient|se|pa|pe|ci95\.0|ci95\.1)$/,
    ([, , w, part], { table }) =>
      pick(gwetAC(table, (w ?? 'identity') as WeightScheme), part!, 'coefficient'),
  ],
  [
    /^gwet\.(AC1|AC2\.(linear|quadratic|ordinal))\.two_rater_table_formula\.(coefficient|se|pa|pe|ci95\.0|ci95\.1)$/,
    ([, , w, part], { table }) => {
      const [r1, r2] = twoReaders(table);
      return pick(
        gwetACFromTable(contingencyTable(table, r1, r2), (w ?? 'identity') as WeightScheme),
        part!,
        'coefficient',
      );
    },
  ],
];

function extractorFor(field: string): [RegExpMatchArray, Extractor] | null {
  for (const [re, f] of EXTRACTORS) {
    const m = field.match(re);
    if (m) return [m, f];
  }
  return null;
}

const entries = publishedValues().filter((v) => inScope(v.field));

describe('golden: published categorical statistics', () => {
  it('covers the published categorical fields', () => {
    expect(entries.length).toBeGreaterThan(0);
    const unmapped = entries.filter((e) => !extractorFor(e.field)).map((e) => `${e.dataset}: ${e.field}`);
    expect(unmapped, 'published fields with no extractor: map them in EXTRACTORS').toEqual([]);
  });

  it.each(entries.map((e) => [`${e.dataset} ${e.field} = ${e.value} (${e.source})`, e] as const))(
    '%s',
    (_, entry) => {
      const found = extractorFor(entry.field);
      if (!found) throw new Error(`no extractor for published field ${entry.field}`);
      const [match, extract] = found;
      const computed = extract(match, { entry, table: tableFor(entry) });
      expect(
        agrees(computed, entry),
        `${entry.field} on ${entry.dataset}: computed ${String(computed)}, published ${entry.value} ±${0.5 * 10 ** -entry.decimals}`,
      ).toBe(true);
    },
  );
});
