import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildFormModel, resolveForm, type Answers, type FormModel } from './form-model';
import { parseLexicon } from './parse';

/** Loads a shipped lexicon for a test (tests may read files; the engine itself does not). */
export function shippedModel(name: string) {
  return buildFormModel(shippedLexicon(name).lexicon);
}

export function shippedLexicon(name: string) {
  const bytes = fs.readFileSync(path.resolve('lexicons', `${name}.yaml`));
  const result = parseLexicon(bytes.toString('utf8'), `lexicons/${name}.yaml`);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return { lexicon: result.lexicon, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A complete answer set for the plain sections of a form: the first option of every choice, the minimum of every number. */
export function completeAnswers(model: FormModel): Answers {
  const raw: Answers = {};
  for (const s of model.sections) {
    if (s.repeat) continue;
    for (const f of s.features) {
      if (f.type === 'single_choice' || f.type === 'ordinal') raw[f.id] = f.options[0]?.code;
      else if (f.type === 'multiple_choice') raw[f.id] = [f.options[0]?.code ?? ''];
      else if (f.type === 'boolean') raw[f.id] = false;
      else if (f.type === 'numeric') raw[f.id] = f.min ?? 0;
      else if (f.type === 'date') raw[f.id] = '2026-01-01';
      else if (f.type === 'text') raw[f.id] = 'text';
    }
  }
  return resolveForm(model, raw).answers;
}
