import { isAnswered, type AnswerValue } from './conditions';
import type { TFeature } from './schema';

/** A computed value, or null with the reason it has none. */
export type ComputedValue = { value: number | string | null; reason?: string };

type Computed = Extract<TFeature, { type: 'computed' }>;

/** Computes a read-only feature from the answers it names. The server recomputes; the client only displays. */
export function computeValue(
  f: Computed,
  features: Map<string, TFeature>,
  valueOf: (id: string) => AnswerValue,
): ComputedValue {
  const label = (id: string) => features.get(id)?.label ?? id;
  if (f.compute.kind === 'sum_scores') {
    let total = 0;
    for (const id of f.compute.of) {
      const source = features.get(id);
      const value = valueOf(id);
      if (!source || !('options' in source) || !isAnswered(value))
        return { value: null, reason: `needs ${label(id)}` };
      const chosen = Array.isArray(value) ? value : [String(value)];
      for (const code of chosen) {
        const option = source.options?.find((o) => o.code === code);
        if (option?.score === undefined)
          return { value: null, reason: `${label(id)} has no score for "${option?.label ?? code}"` };
        total += option.score;
      }
    }
    return { value: total };
  }
  const from = valueOf(f.compute.from);
  if (typeof from !== 'number' || !Number.isFinite(from))
    return { value: null, reason: `needs ${label(f.compute.from)}` };
  const range = f.compute.ranges.find(
    (r) => (r.min === undefined || from >= r.min) && (r.max === undefined || from <= r.max),
  );
  if (!range) return { value: null, reason: f.compute.unmatched_reason ?? `no category for ${from}` };
  return { value: range.value };
}
