import type { ExportFeature } from '@/lib/export/features';
import { featureTitle } from '@/lib/export/features';
import type { ExportColumn, ExportRow } from '@/lib/export/table';
import type { Variable } from './types';

/**
 * The imaging side of an association analysis: the aggregate wide export (one row per case,
 * one value per feature: consensus, majority or central, as the export computes them) turned
 * into variables the tests understand.
 *
 * - single choice → categorical (option codes as levels, in lexicon order);
 * - ordinal (and computed lookups) → ordinal (positions in the declared option order);
 * - yes/no → categorical with levels `true`, `false`;
 * - each option of a multiple choice (`F1__frontal`, 0/1) → categorical with levels `1`, `0`;
 * - numbers, a repeat group's entry count (`lesions__count`) and its largest value
 *   (`F29__largest`) → continuous.
 *
 * A missingness option ("indeterminate", "not applicable") is not a finding and becomes
 * missing, as does an aggregate the readers tied on. Dates and free text are not tested.
 * Levels that no case has are dropped, so a test sees only observed categories.
 */
export function imagingVariables(
  features: ExportFeature[],
  columns: ExportColumn[],
  rows: ExportRow[],
): Variable[] {
  const byId = new Map(features.map((f) => [f.id, f]));
  const out: Variable[] = [];
  for (const column of columns) {
    const values = rows.map((r) => r[column.id] ?? null);
    const variable = toVariable(column, byId, values);
    if (variable) out.push(dropUnobserved(variable));
  }
  return out;
}

function toVariable(
  column: ExportColumn,
  features: Map<string, ExportFeature>,
  values: (string | number | boolean | null)[],
): Variable | null {
  const id = column.id;
  if (id.endsWith('__tie') || id === 'subject_id' || id === 'case_key' || id === 'n_reads') return null;
  const feature = features.get(id);
  if (feature) return featureVariable(feature, values);

  const [head = '', tail = ''] = splitOnce(id, '__');
  if (tail === 'count') {
    const group = [...features.values()].find((f) => f.group === head);
    return continuous(id, `${group?.groupLabel ?? head} count`, values, null);
  }
  const owner = features.get(head);
  if (!owner) return null;
  if (tail === 'largest' && owner.kind === 'numeric') {
    return continuous(id, `${featureTitle(owner)} (largest)`, values, owner.unit);
  }
  if (owner.kind === 'multiple') {
    const option = owner.options.find((o) => o.code === tail);
    if (!option || option.missingness) return null;
    return {
      id,
      label: `${featureTitle(owner)}: ${option.label}`,
      scale: 'categorical',
      levels: ['1', '0'],
      levelLabels: ['chosen', 'not chosen'],
      values: values.map((v) => (v === 1 || v === true ? '1' : v === 0 || v === false ? '0' : null)),
    };
  }
  return null;
}

function featureVariable(f: ExportFeature, values: (string | number | boolean | null)[]): Variable | null {
  const label = featureTitle(f);
  const findings = f.options.filter((o) => !o.missingness);
  switch (f.kind) {
    case 'nominal': {
      const codes = new Set(findings.map((o) => o.code));
      return {
        id: f.id,
        label,
        scale: 'categorical',
        levels: findings.map((o) => o.code),
        levelLabels: findings.map((o) => o.label),
        values: values.map((v) => (typeof v === 'string' && codes.has(v) ? v : null)),
      };
    }
    case 'ordinal': {
      const position = new Map(findings.map((o, i) => [o.code, i]));
      return {
        id: f.id,
        label,
        scale: 'ordinal',
        levels: findings.map((o) => o.code),
        levelLabels: findings.map((o) => o.label),
        values: values.map((v) => (typeof v === 'string' ? (position.get(v) ?? null) : null)),
      };
    }
    case 'binary': {
      const yes = f.options.find((o) => o.code === 'true')?.label ?? 'yes';
      const no = f.options.find((o) => o.code === 'false')?.label ?? 'no';
      return {
        id: f.id,
        label,
        scale: 'categorical',
        levels: ['true', 'false'],
        levelLabels: [yes, no],
        values: values.map((v) => (v === true ? 'true' : v === false ? 'false' : null)),
      };
    }
    case 'numeric':
      return continuous(f.id, label, values, f.unit);
    default:
      return null;
  }
}

function continuous(
  id: string,
  label: string,
  values: (string | number | boolean | null)[],
  unit: string | null,
): Variable {
  return {
    id,
    label,
    scale: 'continuous',
    unit,
    values: values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)),
  };
}

/** Keeps only the levels some case has; ordinal positions are renumbered, order kept. */
function dropUnobserved(v: Variable): Variable {
  if (v.scale === 'continuous') return v;
  if (v.scale === 'categorical') {
    const seen = new Set(v.values.filter((x): x is string => x !== null));
    const keep = v.levels.map((l, i) => [l, v.levelLabels?.[i] ?? l] as const).filter(([l]) => seen.has(l));
    return { ...v, levels: keep.map(([l]) => l), levelLabels: keep.map(([, label]) => label) };
  }
  const seen = new Set(v.values.filter((x): x is number => x !== null));
  const kept = v.levels.map((_, i) => i).filter((i) => seen.has(i));
  const renumber = new Map(kept.map((old, i) => [old, i]));
  return {
    ...v,
    levels: kept.map((i) => v.levels[i]!),
    levelLabels: kept.map((i) => v.levelLabels?.[i] ?? v.levels[i]!),
    values: v.values.map((x) => (x === null ? null : (renumber.get(x) ?? null))),
  };
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}
