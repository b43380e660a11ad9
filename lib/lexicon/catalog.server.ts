import 'server-only';
import { listLexiconFiles, loadLexiconFile, type LoadedLexicon } from './files.server';
import type { TLexicon } from './schema';

export type CatalogEntry = { file: string; sha256: string } & (
  { ok: true; lexicon: TLexicon } | { ok: false; errors: string[] }
);

/** The lexicon files in lexicons/, valid or not, for the browser page. */
export function lexiconCatalog(): CatalogEntry[] {
  return listLexiconFiles().map((f) => toEntry(loadLexiconFile(f)));
}

export function findLexicon(id: string): (CatalogEntry & { ok: true }) | null {
  const entry = lexiconCatalog().find((e) => e.ok && e.lexicon.id === id);
  return entry && entry.ok ? entry : null;
}

function toEntry(l: LoadedLexicon): CatalogEntry {
  return l.result.ok
    ? { file: l.relative, sha256: l.sha256, ok: true, lexicon: l.result.lexicon }
    : {
        file: l.relative,
        sha256: l.sha256,
        ok: false,
        errors: l.result.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`),
      };
}
