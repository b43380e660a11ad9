import type { AnswerValue } from './conditions';
import type { Answers, GroupEntry } from './form-model';

/** Answers keyed by feature path: `F5`, `findings[1].mass_shape`. */
export function flattenAnswers(answers: Answers): Map<string, AnswerValue> {
  const flat = new Map<string, AnswerValue>();
  for (const [key, value] of Object.entries(answers)) {
    if (Array.isArray(value) && value.length && typeof value[0] === 'object' && value[0] !== null) {
      (value as GroupEntry[]).forEach((entry, i) => {
        for (const [id, v] of Object.entries(entry)) flat.set(`${key}[${i}].${id}`, v);
      });
    } else if (!Array.isArray(value) || value.every((v) => typeof v === 'string')) {
      flat.set(key, value as AnswerValue);
    }
  }
  return flat;
}
