import { z } from 'zod';
import type { ConsensusFeature, ConsensusValue } from '@/db/queries/adjudicator-tasks';
import { isChoice, isNumber } from './format-value';

/** The comment limit the server applies too. */
export const MAX_COMMENT = 2000;

export type Decision = { value: ConsensusValue | null; comment: string };
export type ConsensusFormValues = { decisions: Decision[] };

/** save: check the values given; complete: every feature needs one. */
export type ConsensusMode = 'save' | 'complete';

export const MISSING = 'Set a consensus value';

/** An unset control: nothing chosen, an empty number or text, no option ticked. */
export function isUnset(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (typeof v === 'string' && v.trim() === '') ||
    (typeof v === 'number' && !Number.isFinite(v)) ||
    (Array.isArray(v) && v.length === 0)
  );
}

function rangeMessage(f: ConsensusFeature): string {
  const unit = f.unit ? ` ${f.unit}` : '';
  if (f.min !== null && f.max !== null) return `Enter a number from ${f.min} to ${f.max}${unit}`;
  if (f.min !== null) return `Enter a number of at least ${f.min}${unit}`;
  if (f.max !== null) return `Enter a number of at most ${f.max}${unit}`;
  return 'Enter a number';
}

/**
 * The browser's check of one value against its feature, mirroring the lexicon's rules; the
 * server checks again with the lexicon itself. Returns a message, or null when it fits.
 */
export function valueProblem(f: ConsensusFeature, v: unknown, mode: ConsensusMode): string | null {
  if (isUnset(v)) return mode === 'complete' ? MISSING : null;
  const codes = f.options.map((o) => o.code);
  if (isChoice(f)) return typeof v === 'string' && codes.includes(v) ? null : 'Choose one of the options';
  if (f.type === 'multiple_choice') {
    if (!Array.isArray(v) || !v.every((c) => typeof c === 'string' && codes.includes(c)))
      return 'Choose among the options';
    if (new Set(v).size !== v.length) return 'An option is chosen twice';
    if (f.maxSelected && v.length > f.maxSelected) return `Choose at most ${f.maxSelected}`;
    if (f.minSelected && v.length < f.minSelected) return `Choose at least ${f.minSelected}`;
    const exclusive = f.options.find((o) => o.exclusive && v.includes(o.code));
    if (exclusive && v.length > 1) return `"${exclusive.label}" excludes the other options`;
    return null;
  }
  if (f.type === 'boolean') return typeof v === 'boolean' ? null : 'Answer yes or no';
  if (isNumber(f)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return 'Enter a number';
    if ((f.min !== null && v < f.min) || (f.max !== null && v > f.max)) return rangeMessage(f);
    if (f.decimals !== null) {
      const scale = 10 ** f.decimals;
      if (Math.abs(Math.round(v * scale) - v * scale) >= 1e-6)
        return `Use at most ${f.decimals} decimal${f.decimals === 1 ? '' : 's'}`;
    }
    return null;
  }
  if (f.type === 'date')
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter a date (YYYY-MM-DD)';
  if (typeof v !== 'string') return 'Enter text';
  return f.maxLength !== null && v.length > f.maxLength ? `Use at most ${f.maxLength} characters` : null;
}

/** The form's schema: one decision per triggered feature, in the task's order. */
export function consensusFormSchema(features: ConsensusFeature[], mode: ConsensusMode) {
  return z
    .object({
      decisions: z.array(
        z.object({
          value: z.unknown(),
          comment: z.string().max(MAX_COMMENT, `Use at most ${MAX_COMMENT} characters`),
        }),
      ),
    })
    .superRefine((form, ctx) => {
      form.decisions.forEach((d, i) => {
        const f = features[i];
        const problem = f ? valueProblem(f, d.value, mode) : null;
        if (problem) ctx.addIssue({ code: 'custom', path: ['decisions', i, 'value'], message: problem });
      });
    });
}

/** What the server receives for a control: unset controls clear the value. */
export function toPayloadValue(v: unknown): ConsensusValue | null {
  if (isUnset(v)) return null;
  return v as ConsensusValue;
}
