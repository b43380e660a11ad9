import fs from 'node:fs';
import path from 'node:path';
import { buildFormModel } from './form-model';
import { parseLexicon } from './parse';

/** Loads a shipped lexicon for a test (tests may read files; the engine itself does not). */
export function shippedModel(name: string) {
  const file = path.resolve('lexicons', `${name}.yaml`);
  const result = parseLexicon(fs.readFileSync(file, 'utf8'), `lexicons/${name}.yaml`);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return buildFormModel(result.lexicon);
}
