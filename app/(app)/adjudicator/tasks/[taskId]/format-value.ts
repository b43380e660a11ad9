import type { ConsensusFeature, ConsensusValue } from '@/db/queries/adjudicator-tasks';

/** A value as a radiologist reads it: option labels, yes/no labels, numbers with their unit. */
export function formatValue(feature: ConsensusFeature | undefined, value: ConsensusValue | null): string {
  if (value === null || (Array.isArray(value) && !value.length)) return 'No answer';
  if (!feature) return Array.isArray(value) ? value.join(', ') : String(value);
  const label = (code: string) => feature.options.find((o) => o.code === code)?.label ?? code;
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? feature.trueLabel : feature.falseLabel;
  if (typeof value === 'number') return feature.unit ? `${value} ${feature.unit}` : String(value);
  return feature.options.length ? label(value) : value;
}

/** "F4" for lexicons that number their features that way, else nothing. */
export function featureCode(feature: ConsensusFeature | undefined): string | null {
  return feature && /^[A-Z]+\d+$/.test(feature.id) ? feature.id : null;
}

/** Whether the control takes an option code (radio group of the lexicon's options). */
export const isChoice = (f: ConsensusFeature) =>
  f.type === 'single_choice' || f.type === 'ordinal' || (f.type === 'computed' && f.options.length > 0);

/** Whether the control takes a number. */
export const isNumber = (f: ConsensusFeature) =>
  f.type === 'numeric' || (f.type === 'computed' && !f.options.length);
