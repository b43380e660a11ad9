'use server';

import { z } from 'zod';
import { getDb } from '@/db/client';
import { previewExport } from '@/db/queries/export-data';
import { runAction } from '@/lib/auth/action.server';
import { ZExportParams } from '@/lib/export/params';

const ZPreview = z.object({
  studyId: z.coerce.number().int().positive(),
  params: ZExportParams,
});

/**
 * The columns and first rows of an export, for the export page's preview. `previewExport`
 * checks that the actor may export the study (others are told there is no such study) and
 * checks the parameters against the study's lexicon and readers.
 */
export async function previewExportAction(_prev: unknown, input: unknown) {
  return runAction('analyst.view', ZPreview, input, ({ studyId, params }, ctx) => {
    const { columns, rows } = previewExport(getDb(), ctx.actor, studyId, params);
    return {
      columns: columns.map(({ id, label, type }) => ({ id, label, type })),
      rows,
    };
  });
}
