'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { loadStudyLexicon } from '@/db/queries/agreement-data';
import { replaceReference, studyCaseKeys } from '@/db/queries/standards';
import { runAction } from '@/lib/auth/action.server';
import { AppError } from '@/lib/errors';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { parseReferenceCsv } from '@/lib/lexicon/reference-csv';

const MAX_BYTES = 5 * 1024 * 1024;

const ZUpload = z
  .object({
    studyId: z.coerce.number().int(),
    /** The CSV as an uploaded file (the form) or as text (scripts). */
    file: z.instanceof(File).optional(),
    csv: z.string().max(MAX_BYTES, 'The CSV is larger than 5 MB').optional(),
  })
  .refine((v) => (v.file && v.file.size > 0) || v.csv, { message: 'Choose a CSV file', path: ['file'] })
  .refine((v) => !v.file || v.file.size <= MAX_BYTES, {
    message: 'The file is larger than 5 MB',
    path: ['file'],
  });

/** Uploads a reference standard CSV (case_id, feature, value); all rows are checked before anything is stored. */
export async function uploadReferenceAction(_prev: unknown, input: unknown) {
  const result = await runAction('analyst.view', ZUpload, input, async ({ studyId, file, csv }, ctx) => {
    const db = getDb();
    const { lexicon } = loadStudyLexicon(db, ctx.actor, studyId);
    const text = file && file.size > 0 ? await file.text() : (csv ?? '');
    const parsed = parseReferenceCsv(text, buildFormModel(lexicon), studyCaseKeys(db, ctx.actor, studyId));
    if (!parsed.ok) {
      throw new AppError('invalid', `The reference was not stored: ${parsed.errors.length} problem(s)`, {
        file: parsed.errors.slice(0, 50),
      });
    }
    return replaceReference(db, ctx, studyId, parsed.rows);
  });
  if (result.ok) revalidatePath('/analyst/studies/[id]/agreement', 'page');
  return result;
}
