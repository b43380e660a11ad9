import type { FeatureUnit } from './feature-units';
import { krippendorffAlpha, type AlphaMetric } from './krippendorff';
import { categoricalTable, numericTable } from './ratings';
import { ciOrNull } from './result';

export type UnitBootstrap = {
  key: string;
  metric: AlphaMetric;
  value: number | null;
  ci95: [number, number] | null;
  reason?: string;
  label: string;
};

/** Krippendorff's alpha of a unit with a seeded percentile bootstrap CI (cases resampled). */
export function bootstrapUnitAlpha(
  unit: Pick<FeatureUnit, 'key' | 'kind' | 'categories' | 'ratings'>,
  seed: number,
  replicates: number,
): UnitBootstrap {
  const metric: AlphaMetric =
    unit.kind === 'numeric' ? 'interval' : unit.kind === 'ordinal' ? 'ordinal' : 'nominal';
  const table =
    unit.kind === 'numeric' ? numericTable(unit.ratings) : categoricalTable(unit.ratings, unit.categories);
  const a = krippendorffAlpha(table, metric, { bootstrap: { seed, replicates } });
  const boot = a.value === null ? null : a.bootstrap;
  return {
    key: unit.key,
    metric,
    value: a.value,
    ci95: ciOrNull(boot?.ci),
    label: boot ? `bootstrap percentile, seed ${seed}, ${replicates} replicates` : '',
    ...(a.value === null ? { reason: a.reason } : boot && boot.ci === null ? { reason: boot.reason } : {}),
  };
}
