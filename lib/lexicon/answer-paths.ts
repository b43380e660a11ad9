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

/** The inverse of flattenAnswers: `findings[1].mass_shape` → answers.findings[1].mass_shape. */
export function unflattenAnswers(flat: Iterable<[string, AnswerValue]>): Answers {
  const answers: Answers = {};
  for (const [path, value] of flat) {
    const m = /^([^[\]]+)\[(\d+)\]\.(.+)$/.exec(path);
    if (!m) {
      answers[path] = value;
      continue;
    }
    const [, group, index, id] = m as unknown as [string, string, string, string];
    const entries = (Array.isArray(answers[group]) ? answers[group] : []) as GroupEntry[];
    for (let i = entries.length; i <= Number(index); i++) entries.push({});
    entries[Number(index)]![id] = value;
    answers[group] = entries;
  }
  return answers;
}
