import type { TCondition } from './schema';

export type AnswerValue = string | number | boolean | string[] | null | undefined;

/** An answer counts as given unless it is missing, null, empty text or an empty selection. */
export function isAnswered(value: AnswerValue): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return Number.isFinite(value);
  return true;
}

/**
 * Evaluates a condition against answers. `equals` on a multiple choice is true when the
 * code is among those chosen; `in` when any of them is. An unanswered feature equals nothing.
 */
export function evaluateCondition(cond: TCondition, valueOf: (featureId: string) => AnswerValue): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, valueOf));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, valueOf));
  if ('not' in cond) return !evaluateCondition(cond.not, valueOf);
  const value = valueOf(cond.feature);
  if ('answered' in cond) return isAnswered(value) === cond.answered;
  if (!isAnswered(value)) return false;
  const wanted = 'equals' in cond ? [cond.equals] : cond.in;
  const given = Array.isArray(value) ? value : [value];
  return given.some((v) => wanted.includes(v as string | number | boolean));
}

/** The feature ids a condition reads. */
export function conditionFeatures(cond: TCondition): string[] {
  if ('all' in cond) return cond.all.flatMap(conditionFeatures);
  if ('any' in cond) return cond.any.flatMap(conditionFeatures);
  if ('not' in cond) return conditionFeatures(cond.not);
  return [cond.feature];
}
