'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { upsertCasesFromCsv } from '@/db/queries/cases';
import { runAction } from '@/lib/auth/action.server';
import { AppError } from '@/lib/errors';
import { parseCaseCsv } from '@/lib/study/case-csv';
import { CASE_CSV_MAX_BYTES, CASE_CSV_MAX_LISTED } from './limits';

const ZUpload = z
  .object({
    studyId: z.coerce.number().int().positive(),
    /** The CSV as an uploaded file (the form) or as text (scripts). */
    file: z.instanceof(File).optional(),
    csv: z.string().max(CASE_CSV_MAX_BYTES, 'The CSV is larger than 1 MB').optional(),
  })
  .refine((v) => (v.file && v.file.size > 0) || v.csv, { message: 'Choose a CSV file', path: ['file'] })
  .refine((v) => !v.file || v.file.size <= CASE_CSV_MAX_BYTES, {
    message: 'The file is larger than 1 MB',
    path: ['file'],
  });

/** Creates and updates cases from a case mapping CSV; every row is checked before anything is stored. */
export async function uploadCasesAction(_prev: unknown, input: unknown) {
  const result = await runAction('coordinator.view', ZUpload, input, async ({ studyId, file, csv }, ctx) => {
    const text = file && file.size > 0 ? await file.text() : (csv ?? '');
    const parsed = parseCaseCsv(text);
    if (!parsed.ok) {
      const { errors } = parsed;
      const listed = errors.slice(0, CASE_CSV_MAX_LISTED);
      if (errors.length > listed.length) listed.push(`and ${errors.length - listed.length} more`);
      throw new AppError('invalid', `The cases were not stored: ${errors.length} problem(s)`, {
        file: listed,
      });
    }
    return upsertCasesFromCsv(getDb(), ctx, studyId, parsed.rows);
  });
  if (result.ok) revalidatePath('/coordinator/studies/[id]', 'layout');
  return result;
}
