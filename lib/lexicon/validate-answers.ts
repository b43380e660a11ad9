import { AppError } from '@/lib/errors';
import { buildAnswerSchema, type AnswerMode } from './answer-schema';
import { featureMap, progress, resolveForm, type Answers, type FormModel } from './form-model';

export type AcceptedAnswers = {
  /** The answers to store: hidden features dropped, computed values recomputed here. */
  answers: Answers;
  answered: number;
  total: number;
  computed: { path: string; label: string; value: string | number | null; reason?: string }[];
};

/**
 * The server's check of a set of answers against a form model, in draft or submit mode.
 * Refused answers throw AppError('invalid') with one message per field path.
 */
export function validateAnswers(model: FormModel, input: unknown, mode: AnswerMode): AcceptedAnswers {
  const parsed = buildAnswerSchema(model, { mode }).safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key =
        issue.path
          .map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p)))
          .join('') || '_';
      (fieldErrors[key] ??= []).push(issue.message);
    }
    throw new AppError('invalid', `The answers do not fit ${model.id} ${model.version}`, fieldErrors);
  }
  const resolved = resolveForm(model, parsed.data as Answers);
  const features = featureMap(model);
  const { answered, total } = progress(resolved);
  const computed = Object.entries(resolved.fields)
    .filter(([, s]) => s.computed)
    .map(([path, s]) => ({
      path,
      label: features.get(path.split('.').pop() ?? path)?.label ?? path,
      value: s.computed?.value ?? null,
      ...(s.computed?.reason ? { reason: s.computed.reason } : {}),
    }));
  return { answers: resolved.answers, answered, total, computed };
}
