import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { parseLexicon, type ParseResult } from './parse';

export const LEXICON_DIR = path.resolve('lexicons');

export type LoadedLexicon = { file: string; relative: string; sha256: string; result: ParseResult };

/** The lexicon files shipped in lexicons/, sorted. */
export function listLexiconFiles(dir = LEXICON_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Reads, hashes and validates one lexicon file. The hash is of the exact bytes a study pins. */
export function loadLexiconFile(file: string): LoadedLexicon {
  const bytes = fs.readFileSync(file);
  const relative = path.relative(getEnv().invokedFrom, file) || file;
  return {
    file,
    relative,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    result: parseLexicon(bytes.toString('utf8'), relative),
  };
}
