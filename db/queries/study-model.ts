import { eq } from 'drizzle-orm';
import { buildFormModel, type FormModel } from '@/lib/lexicon/form-model';
import type { TLexicon } from '@/lib/lexicon/schema';
import type { Db } from '../client';
import { lexiconVersions, studies } from '../schema';
import type { Tx } from '../tx';

/**
 * The form model of a study's pinned lexicon version, or null when the study does not exist
 * or has no lexicon yet. Works on the database or inside a caller's transaction; the caller
 * checks access.
 */
export function studyModel(q: Db | Tx, studyId: number): FormModel | null {
  const row = q
    .select({ definition: lexiconVersions.definition })
    .from(studies)
    .innerJoin(lexiconVersions, eq(lexiconVersions.id, studies.lexiconVersionId))
    .where(eq(studies.id, studyId))
    .get();
  return row?.definition ? buildFormModel(row.definition as TLexicon) : null;
}
