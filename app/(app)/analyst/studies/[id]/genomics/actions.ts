'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { runAssociation } from '@/db/queries/association-runs';
import {
  deleteGenomicTable,
  MAX_GENOMIC_BYTES,
  setGenomicColumnTypes,
  uploadGenomicTable,
} from '@/db/queries/genomic-tables';
import { runAction } from '@/lib/auth/action.server';
import { ZAssociationParams } from '@/lib/genomics/params';

const PAGE = '/analyst/studies/[id]/genomics';

const ZUpload = z
  .object({
    studyId: z.coerce.number().int(),
    /** The table as an uploaded file (the form) or as text with a name (scripts). */
    file: z.instanceof(File).optional(),
    text: z.string().max(MAX_GENOMIC_BYTES).optional(),
    name: z.string().trim().max(200).optional(),
    idColumn: z.string().trim().max(200).optional(),
    /** Mutation files: genes to keep, separated by commas or spaces. */
    genes: z.string().trim().max(5000).optional(),
  })
  .refine((v) => (v.file && v.file.size > 0) || v.text, {
    message: 'Choose a file (CSV, TSV, cBioPortal clinical file or MAF)',
    path: ['file'],
  })
  .refine((v) => !v.file || v.file.size <= MAX_GENOMIC_BYTES, {
    message: `The file is larger than ${MAX_GENOMIC_BYTES / 1048576} MB`,
    path: ['file'],
  });

/** Uploads a genomic table: parsed, typed and stored in one transaction, or refused whole. */
export async function uploadGenomicAction(_prev: unknown, input: unknown) {
  const result = await runAction('analyst.view', ZUpload, input, async (v, ctx) => {
    const fromFile = v.file && v.file.size > 0 ? v.file : null;
    const table = uploadGenomicTable(getDb(), ctx, v.studyId, {
      name: fromFile?.name ?? v.name ?? 'genomic table.csv',
      bytes: fromFile ? new Uint8Array(await fromFile.arrayBuffer()) : new TextEncoder().encode(v.text ?? ''),
      idColumn: v.idColumn || undefined,
      genes: v.genes ? v.genes.split(/[\s,;]+/).filter(Boolean) : undefined,
    });
    return { id: table.id, name: table.name, rows: table.rowCount, columns: table.columns.length };
  });
  if (result.ok) revalidatePath(PAGE, 'page');
  return result;
}

const ZTypes = z.object({
  studyId: z.number().int(),
  tableId: z.number().int(),
  version: z.number().int().min(0),
  types: z.record(z.string(), z.enum(['categorical', 'binary', 'continuous'])),
});

/** Saves the analyst's column types; refused when the table changed since the page was loaded. */
export async function setColumnTypesAction(input: z.input<typeof ZTypes>) {
  const result = await runAction('analyst.view', ZTypes, input, (v, ctx) => {
    const meta = setGenomicColumnTypes(getDb(), ctx, v.studyId, v.tableId, {
      version: v.version,
      types: v.types,
    });
    return { version: meta.version };
  });
  if (result.ok) revalidatePath(PAGE, 'page');
  return result;
}

const ZDelete = z.object({ studyId: z.number().int(), tableId: z.number().int() });

export async function deleteGenomicTableAction(input: z.input<typeof ZDelete>) {
  const result = await runAction('analyst.view', ZDelete, input, (v, ctx) => {
    deleteGenomicTable(getDb(), ctx, v.studyId, v.tableId);
    return null;
  });
  if (result.ok) revalidatePath(PAGE, 'page');
  return result;
}

const ZRun = z.object({
  studyId: z.number().int(),
  tableId: z.number().int(),
  params: ZAssociationParams,
});

/** Runs the association grid for one table and stores the run; answers with its id. */
export async function runAssociationAction(input: z.input<typeof ZRun>) {
  const result = await runAction('analyst.view', ZRun, input, (v, ctx) => {
    const run = runAssociation(getDb(), ctx, v.studyId, v.tableId, v.params);
    return { runId: run.id, tests: run.results.filter((r) => r.p !== null).length };
  });
  if (result.ok) revalidatePath(PAGE, 'page');
  return result;
}
