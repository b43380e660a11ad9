import { isAnswered, type AnswerValue } from '@/lib/lexicon/conditions';
import type { ExportFeature } from './features';

/**
 * One value from several readers' answers to the same feature path of one case, for the
 * aggregate wide export. Unanswered values (missing, null, empty) are skipped; when every
 * value is missing the result is null.
 *
 * - `majority`: the most frequent answer (a plurality: 2 of 3, or 2 of 4 against 1 and 1).
 *   Ties give `{value: null, tie: true}`. Missingness options count as answers here ("2 of 3
 *   readers found it indeterminate" is a result). For a multiple choice each option is decided
 *   on its own: it is chosen when a strict majority (more than half) of the readers who answered
 *   the feature chose it; the value lists those options, possibly none. An option chosen by
 *   exactly half of them is not chosen and marks the result as tied.
 * - `median` (ordinal): the median of the declared-order positions of the answers that are not
 *   missingness options. With an even count the two middle positions must agree; when they
 *   differ the result is a tie (null), never the lower or upper one, nor a category between
 *   them. When every answer is a missingness option, the most frequent one (as `majority`).
 *   For a numeric feature, the usual median (the mean of the two middle values for an even
 *   count), rounded like `mean`.
 * - `mean` (numeric): the arithmetic mean, rounded half away from zero to the feature's
 *   decimals + 1 (1 decimal when the lexicon gives none, e.g. a computed sum).
 * - `central`: `majority` for nominal, binary, multiple, date and text features; `median` for
 *   ordinal ones; `mean` for numeric ones.
 */
export type AggregateHow = 'majority' | 'median' | 'mean' | 'central';

export type Aggregated = {
  /** An option code, a number, a boolean, the chosen codes of a multiple choice, text, or null. */
  value: string | number | boolean | string[] | null;
  /** True when the rule could not pick one value because the readers were split evenly. */
  tie: boolean;
  /** How many of the values were answers (missing ones skipped). */
  n: number;
};

const NONE: Aggregated = { value: null, tie: false, n: 0 };

export function aggregate(feature: ExportFeature, values: AnswerValue[], how: AggregateHow): Aggregated {
  const answered = values.filter(isAnswered) as Exclude<AnswerValue, null | undefined>[];
  const rule = how === 'central' ? centralRule(feature) : how;
  if (rule === 'majority') {
    if (!answered.length) return NONE;
    return feature.kind === 'multiple' ? optionMajority(feature, answered) : plurality(answered);
  }
  if (rule === 'median') {
    if (feature.kind === 'ordinal') return ordinalMedian(feature, answered);
    if (feature.kind === 'numeric') return numericMedian(feature, answered);
    throw new Error(`A median needs an ordinal or numeric feature; ${feature.id} is ${feature.kind}`);
  }
  if (feature.kind !== 'numeric') {
    throw new Error(`A mean needs a numeric feature; ${feature.id} is ${feature.kind}`);
  }
  const numbers = finiteNumbers(answered);
  if (!numbers.length) return { ...NONE, n: answered.length };
  const mean = numbers.reduce((s, x) => s + x, 0) / numbers.length;
  return { value: roundTo(mean, meanDecimals(feature)), tie: false, n: answered.length };
}

function centralRule(feature: ExportFeature): 'majority' | 'median' | 'mean' {
  if (feature.kind === 'ordinal') return 'median';
  if (feature.kind === 'numeric') return 'mean';
  return 'majority';
}

/** Decimals of an aggregated number: one more than the feature is recorded with. */
export function meanDecimals(feature: ExportFeature): number {
  return (feature.decimals ?? 0) + 1;
}

/** The most frequent value; null with a tie when several share the top count. */
export function plurality(values: (string | number | boolean | string[])[]): Aggregated {
  const counts = new Map<string | number | boolean, number>();
  for (const v of values) {
    const key = Array.isArray(v) ? JSON.stringify([...v].sort()) : v;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: string | number | boolean | null = null;
  let top = 0;
  let tie = false;
  for (const [key, count] of counts) {
    if (count > top) {
      [best, top, tie] = [key, count, false];
    } else if (count === top) tie = true;
  }
  if (tie) return { value: null, tie: true, n: values.length };
  const original = values.find((v) =>
    Array.isArray(v) ? JSON.stringify([...v].sort()) === best : v === best,
  );
  return { value: original ?? null, tie: false, n: values.length };
}

function optionMajority(
  feature: ExportFeature,
  answered: Exclude<AnswerValue, null | undefined>[],
): Aggregated {
  const sets = answered.map((v) => new Set(Array.isArray(v) ? v : [String(v)]));
  const codes = [
    ...feature.options.map((o) => o.code),
    ...new Set(sets.flatMap((s) => [...s]).filter((c) => !feature.options.some((o) => o.code === c))),
  ];
  const chosen: string[] = [];
  let tie = false;
  for (const code of codes) {
    const count = sets.filter((s) => s.has(code)).length;
    if (2 * count > sets.length) chosen.push(code);
    else if (2 * count === sets.length) tie = true;
  }
  return { value: chosen, tie, n: answered.length };
}

function ordinalMedian(
  feature: ExportFeature,
  answered: Exclude<AnswerValue, null | undefined>[],
): Aggregated {
  if (!answered.length) return NONE;
  const missingness = new Set(feature.options.filter((o) => o.missingness).map((o) => o.code));
  const positions: number[] = [];
  const missing: string[] = [];
  for (const v of answered) {
    const code = String(v);
    if (missingness.has(code)) missing.push(code);
    else {
      const p = feature.options.findIndex((o) => o.code === code);
      if (p >= 0) positions.push(p);
    }
  }
  if (!positions.length) {
    return missing.length ? { ...plurality(missing), n: answered.length } : { ...NONE, n: answered.length };
  }
  positions.sort((a, b) => a - b);
  const half = Math.floor(positions.length / 2);
  const lower = positions[positions.length % 2 ? half : half - 1] ?? 0;
  const upper = positions[half] ?? 0;
  if (lower !== upper) return { value: null, tie: true, n: answered.length };
  return { value: feature.options[lower]?.code ?? null, tie: false, n: answered.length };
}

function numericMedian(
  feature: ExportFeature,
  answered: Exclude<AnswerValue, null | undefined>[],
): Aggregated {
  const numbers = finiteNumbers(answered).sort((a, b) => a - b);
  if (!numbers.length) return { ...NONE, n: answered.length };
  const half = Math.floor(numbers.length / 2);
  const median =
    numbers.length % 2 ? (numbers[half] ?? 0) : ((numbers[half - 1] ?? 0) + (numbers[half] ?? 0)) / 2;
  return { value: roundTo(median, meanDecimals(feature)), tie: false, n: answered.length };
}

function finiteNumbers(values: unknown[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Rounds half away from zero, immune to binary noise such as 1.005 → 1.00. */
export function roundTo(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(x) * factor).toPrecision(15));
  return (Math.sign(x) * Math.round(scaled)) / factor || 0;
}
