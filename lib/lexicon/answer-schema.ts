import { z } from 'zod';
import { isAnswered, type AnswerValue } from './conditions';
import { featureMap, resolveForm, valueAtPath, type Answers, type FormModel } from './form-model';
import type { TFeature } from './schema';

export type AnswerMode = 'draft' | 'submit';

const emptyToNull = (v: unknown) => (v === '' || (typeof v === 'number' && Number.isNaN(v)) ? null : v);

/** The schema of one feature's value; null or absent means unanswered. Computed features take no input. */
function valueSchema(f: TFeature): z.ZodType | null {
  const pick = 'Choose one of the options';
  switch (f.type) {
    case 'single_choice':
    case 'ordinal':
      return z.enum(f.options.map((o) => o.code) as [string, ...string[]], { error: pick });
    case 'multiple_choice': {
      let arr = z.array(z.enum(f.options.map((o) => o.code) as [string, ...string[]], { error: pick }));
      if (f.max_selected) arr = arr.max(f.max_selected, `Choose at most ${f.max_selected}`);
      return arr.refine((a) => new Set(a).size === a.length, 'An option is chosen twice');
    }
    case 'boolean':
      return z.boolean({ error: 'Answer yes or no' });
    case 'numeric': {
      const range =
        f.min !== undefined && f.max !== undefined
          ? `Enter a number from ${f.min} to ${f.max} ${f.unit}`
          : f.min !== undefined
            ? `Enter a number of at least ${f.min} ${f.unit}`
            : f.max !== undefined
              ? `Enter a number of at most ${f.max} ${f.unit}`
              : 'Enter a number';
      let n = z.number({ error: 'Enter a number' }).refine(Number.isFinite, 'Enter a number');
      if (f.min !== undefined) n = n.refine((v) => v >= f.min!, range);
      if (f.max !== undefined) n = n.refine((v) => v <= f.max!, range);
      const scale = 10 ** f.decimals;
      return n.refine(
        (v) => Math.abs(Math.round(v * scale) - v * scale) < 1e-6,
        `Use at most ${f.decimals} decimal${f.decimals === 1 ? '' : 's'}`,
      );
    }
    case 'date':
      return z.iso.date({ error: 'Enter a date (YYYY-MM-DD)' });
    case 'text':
      return z.string().max(f.max_length, `Use at most ${f.max_length} characters`);
    case 'computed':
      return null;
  }
}

const optional = (s: z.ZodType) => z.preprocess(emptyToNull, s.nullable().optional());

/**
 * The answers a form accepts. The same schema runs in the browser (react-hook-form's
 * resolver) and in the server action. `draft` accepts a partial form; `submit` requires every
 * visible required feature. Unknown keys, including computed features, are refused:
 * computed values are never taken from the client.
 */
export function buildAnswerSchema(model: FormModel, { mode }: { mode: AnswerMode }) {
  const shape: Record<string, z.ZodType> = {};
  for (const section of model.sections) {
    const fields: Record<string, z.ZodType> = {};
    for (const f of section.features) {
      const s = valueSchema(f);
      if (s) fields[f.id] = optional(s);
    }
    if (section.repeat) {
      const entries = z
        .array(z.strictObject(fields))
        .max(
          section.repeat.max,
          `At most ${section.repeat.max} ${section.repeat.label.toLowerCase()} entries`,
        );
      shape[section.id] =
        mode === 'submit' && section.repeat.min > 0
          ? entries.min(section.repeat.min, `Add at least ${section.repeat.min}`)
          : entries.optional();
    } else {
      Object.assign(shape, fields);
    }
  }
  const features = featureMap(model);
  return z.strictObject(shape).superRefine((answers, ctx) => {
    const resolved = resolveForm(model, answers as Answers);
    for (const [path, state] of Object.entries(resolved.fields)) {
      const given = valueAtPath(answers as Answers, path);
      const id = path.split('.').pop() ?? path;
      const f = features.get(id);
      const issuePath = toIssuePath(path);
      if (!f || !state.visible) continue;
      if (mode === 'submit' && state.required && !isAnswered(given)) {
        ctx.addIssue({ code: 'custom', path: issuePath, message: 'Required' });
        continue;
      }
      if (!isAnswered(given) || !('options' in f) || !state.visibleOptions) continue;
      const chosen = Array.isArray(given) ? given : [given as string];
      const hidden = chosen.filter((c) => !state.visibleOptions!.includes(c));
      if (hidden.length)
        ctx.addIssue({
          code: 'custom',
          path: issuePath,
          message: `"${hidden.join('", "')}" does not apply here`,
        });
      if (f.type === 'multiple_choice') checkSelection(f, chosen, issuePath, ctx);
    }
  });
}

function checkSelection(
  f: Extract<TFeature, { type: 'multiple_choice' }>,
  chosen: AnswerValue[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
) {
  const exclusive = f.options.filter((o) => o.exclusive && chosen.includes(o.code));
  if (exclusive.length && chosen.length > 1) {
    ctx.addIssue({ code: 'custom', path, message: `"${exclusive[0]?.label}" excludes the other options` });
  }
  if (f.min_selected && chosen.length < f.min_selected)
    ctx.addIssue({ code: 'custom', path, message: `Choose at least ${f.min_selected}` });
}

/** `findings[1].mass_shape` → ['findings', 1, 'mass_shape'] */
export function toIssuePath(path: string): (string | number)[] {
  const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
  return m ? [m[1] ?? '', Number(m[2]), m[3] ?? ''] : [path];
}
