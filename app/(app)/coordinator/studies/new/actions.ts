'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { createStudy } from '@/db/queries/study-create';
import { runAction } from '@/lib/auth/action.server';
import { AppError } from '@/lib/errors';
import { lexiconCatalog } from '@/lib/lexicon/catalog.server';
import { ZStudyInput } from '@/lib/study/study-input';

export async function createStudyAction(_prev: unknown, input: unknown) {
  const result = await runAction('study.create', ZStudyInput, input, (study, ctx) =>
    createStudy(getDb(), ctx, study),
  );
  if (result.ok) revalidatePath('/coordinator');
  return result;
}

const ZShippedLexicon = z.object({
  key: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Adopts a lexicon file shipped in the catalog when a coordinator picks it for a new study:
 * the exact file content is pinned, as every study pins its lexicon version.
 */
export async function adoptShippedLexiconAction(_prev: unknown, input: unknown) {
  const result = await runAction('study.create', ZShippedLexicon, input, ({ key, sha256 }, ctx) => {
    const entry = lexiconCatalog().find((e) => e.ok && e.lexicon.id === key && e.sha256 === sha256);
    if (!entry || !entry.ok)
      throw new AppError('not_found', 'That lexicon file has changed or is gone; reload the page');
    const { id } = adoptLexiconVersion(getDb(), ctx, { lexicon: entry.lexicon, sha256: entry.sha256 });
    return { id, key, version: entry.lexicon.version, title: entry.lexicon.title, sha256 };
  });
  if (result.ok) revalidatePath(`/lexicons/${result.data.key}`);
  return result;
}
