import { z } from 'zod';
import { ZLexicon } from './schema';

/** The JSON Schema of the lexicon file format, for editors (kept in lexicons/lexicon.schema.json). */
export function lexiconJsonSchema(): string {
  const schema = z.toJSONSchema(ZLexicon, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Annolex lexicon', $id: 'https://annolex.org/schema/lexicon.schema.json' }, null, 2)}\n`;
}
