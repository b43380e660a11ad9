import { createHash } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { parseGenomicTable } from '@/lib/genomics/parse-delimited';
import { parseMaf } from '@/lib/genomics/parse-maf';
import type { GenomicColumn, GenomicRow, GenomicTable, GenomicType } from '@/lib/genomics/types';
import type { Db } from '../client';
import { associationRuns, genomicTables, studies } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

/**
 * Genomic tables of a study: uploaded by an analyst, parsed and typed in one go, stored whole
 * or not at all, every change audited (never the values themselves: they may be clinical
 * data). Analysts of the study and administrators only (`genomics.manage`); anyone else is
 * told there is no such study.
 */

/** The largest file accepted: a cBioPortal clinical file or a MAF of a few thousand samples. */
export const MAX_GENOMIC_BYTES = 20 * 1024 * 1024;

export type GenomicTableMeta = {
  id: number;
  name: string;
  source: GenomicTable['source'];
  idColumn: string;
  idLevel: GenomicTable['idLevel'];
  columns: GenomicColumn[];
  rowCount: number;
  notes: string[];
  version: number;
  createdAt: Date;
  bytes: number;
};

export type StoredGenomicTable = GenomicTableMeta & { table: GenomicTable };

function notFound(what = 'study'): never {
  throw new AppError('not_found', `No such ${what}`);
}

export function assertGenomics(actor: Actor, studyId: number): void {
  if (!Number.isInteger(studyId) || !can(actor, 'genomics.manage', { studyId })) notFound();
}

/** A MAF names its variants by gene, sample and class; anything else is read as a table. */
function looksLikeMaf(text: string): boolean {
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .find((l) => l.trim() && !l.startsWith('#'));
  if (!header) return false;
  const names = new Set(header.split('\t').map((h) => h.trim()));
  return names.has('Hugo_Symbol') && names.has('Tumor_Sample_Barcode') && names.has('Variant_Classification');
}

export type GenomicUpload = {
  /** The file's name. */
  name: string;
  bytes: Uint8Array;
  /** The identifier column, when the analyst names it (else detected). */
  idColumn?: string;
  /** Mutation tables: genes to keep (else the most frequently mutated). */
  genes?: string[];
  /** Mutation tables: the least number of mutated samples for a gene to become a column. */
  minMutated?: number;
};

/** Reads an uploaded file into a typed table without storing anything. */
export function readGenomicUpload(upload: GenomicUpload): GenomicTable {
  if (upload.bytes.byteLength === 0) throw new AppError('invalid', 'The file is empty');
  if (upload.bytes.byteLength > MAX_GENOMIC_BYTES)
    throw new AppError(
      'invalid',
      `The file is ${(upload.bytes.byteLength / 1048576).toFixed(1)} MB; the limit is ${MAX_GENOMIC_BYTES / 1048576} MB`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(upload.bytes);
  } catch {
    throw new AppError(
      'invalid',
      'The file is not UTF-8 text: upload a CSV, TSV, cBioPortal clinical file or MAF',
    );
  }
  try {
    return looksLikeMaf(text)
      ? parseMaf(text, {
          genes: upload.genes?.length ? upload.genes : undefined,
          minMutated: upload.minMutated,
        })
      : parseGenomicTable(text, { idColumn: upload.idColumn || undefined, filename: upload.name });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid', error instanceof Error ? error.message : String(error));
  }
}

/** Parses and stores an uploaded genomic table in one transaction; audited as `genomics.upload`. */
export function uploadGenomicTable(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  upload: GenomicUpload,
): GenomicTableMeta {
  assertGenomics(ctx.actor, studyId);
  const name = upload.name.trim().slice(0, 200) || 'genomic table';
  const table = readGenomicUpload(upload);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  return immediate(db, (tx) => {
    if (!tx.select({ id: studies.id }).from(studies).where(eq(studies.id, studyId)).get()) notFound();
    const row = tx
      .insert(genomicTables)
      .values({
        studyId,
        name,
        source: table.source,
        idColumn: table.idColumn,
        idLevel: table.idLevel,
        columns: table.columns,
        rows: table.rows,
        notes: table.notes,
        sha256,
        bytes: upload.bytes.byteLength,
        uploadedBy: ctx.actor.id,
        createdAt: ctx.now ?? new Date(),
      })
      .returning()
      .get();
    appendAudit(tx, ctx, {
      action: 'genomics.upload',
      entity: 'genomic_table',
      entityId: row.id,
      newValue: {
        studyId,
        name,
        source: table.source,
        sha256,
        bytes: upload.bytes.byteLength,
        rows: table.rows.length,
        columns: table.columns.map((c) => ({ id: c.id, type: c.type })),
      },
    });
    return toMeta(row);
  });
}

type Row = typeof genomicTables.$inferSelect;

function toMeta(row: Row): GenomicTableMeta {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    idColumn: row.idColumn,
    idLevel: row.idLevel,
    columns: row.columns as GenomicColumn[],
    rowCount: (row.rows as GenomicRow[]).length,
    notes: row.notes as string[],
    version: row.version,
    createdAt: row.createdAt,
    bytes: row.bytes,
  };
}

/** The study's genomic tables, newest first, without their rows. */
export function listGenomicTables(db: Db | Tx, actor: Actor, studyId: number): GenomicTableMeta[] {
  assertGenomics(actor, studyId);
  return db
    .select()
    .from(genomicTables)
    .where(eq(genomicTables.studyId, studyId))
    .orderBy(desc(genomicTables.createdAt), desc(genomicTables.id))
    .all()
    .map(toMeta);
}

/** One genomic table with its rows. */
export function getGenomicTable(
  db: Db | Tx,
  actor: Actor,
  studyId: number,
  tableId: number,
): StoredGenomicTable {
  assertGenomics(actor, studyId);
  const row = db
    .select()
    .from(genomicTables)
    .where(and(eq(genomicTables.id, tableId), eq(genomicTables.studyId, studyId)))
    .get();
  if (!row) notFound('genomic table');
  const meta = toMeta(row);
  return {
    ...meta,
    table: {
      source: row.source,
      idColumn: row.idColumn,
      idLevel: row.idLevel,
      columns: meta.columns,
      rows: row.rows as GenomicRow[],
      notes: meta.notes,
    },
  };
}

const GENOMIC_TYPES: readonly GenomicType[] = ['categorical', 'binary', 'continuous'];

/**
 * Sets the analyst's column types. `version` is the table version the analyst saw: a change
 * made since (by someone else, or in another tab) refuses this one instead of overwriting it.
 * Audited as `genomics.types` with the old and new types of the changed columns.
 */
export function setGenomicColumnTypes(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  tableId: number,
  input: { version: number; types: Record<string, GenomicType> },
): GenomicTableMeta {
  assertGenomics(ctx.actor, studyId);
  return immediate(db, (tx) => {
    const row = tx
      .select()
      .from(genomicTables)
      .where(and(eq(genomicTables.id, tableId), eq(genomicTables.studyId, studyId)))
      .get();
    if (!row) notFound('genomic table');
    if (row.version !== input.version)
      throw new AppError(
        'conflict',
        'These column types were changed since you opened the page; reload to see the current types',
      );
    const columns = row.columns as GenomicColumn[];
    const known = new Set(columns.map((c) => c.id));
    // A Map, so a column named like an Object member (constructor, toString) is just a column.
    const wanted = new Map(Object.entries(input.types));
    for (const [id, type] of wanted) {
      if (!known.has(id)) throw new AppError('invalid', `The table has no column "${id}"`);
      if (!GENOMIC_TYPES.includes(type)) throw new AppError('invalid', `"${type}" is not a column type`);
    }
    const changed = columns.filter((c) => wanted.has(c.id) && wanted.get(c.id) !== c.type);
    if (!changed.length) return toMeta(row);
    const next = columns.map((c) => ({ ...c, type: wanted.get(c.id) ?? c.type }));
    const updated = tx
      .update(genomicTables)
      .set({ columns: next, version: row.version + 1, updatedAt: ctx.now ?? new Date() })
      .where(and(eq(genomicTables.id, tableId), eq(genomicTables.version, row.version)))
      .returning()
      .get();
    if (!updated) throw new AppError('conflict', 'The table changed meanwhile; reload');
    appendAudit(tx, ctx, {
      action: 'genomics.types',
      entity: 'genomic_table',
      entityId: tableId,
      oldValue: Object.fromEntries(changed.map((c) => [c.id, c.type])),
      newValue: Object.fromEntries(changed.map((c) => [c.id, wanted.get(c.id)])),
    });
    return toMeta(updated);
  });
}

/** Deletes a genomic table and its association runs; audited as `genomics.delete`. */
export function deleteGenomicTable(db: Db, ctx: ChangeContext, studyId: number, tableId: number): void {
  assertGenomics(ctx.actor, studyId);
  immediate(db, (tx) => {
    const row = tx
      .select({ id: genomicTables.id, name: genomicTables.name, sha256: genomicTables.sha256 })
      .from(genomicTables)
      .where(and(eq(genomicTables.id, tableId), eq(genomicTables.studyId, studyId)))
      .get();
    if (!row) notFound('genomic table');
    const runs = tx
      .select({ id: associationRuns.id })
      .from(associationRuns)
      .where(eq(associationRuns.genomicTableId, tableId))
      .orderBy(asc(associationRuns.id))
      .all();
    tx.delete(associationRuns).where(eq(associationRuns.genomicTableId, tableId)).run();
    tx.delete(genomicTables).where(eq(genomicTables.id, tableId)).run();
    appendAudit(tx, ctx, {
      action: 'genomics.delete',
      entity: 'genomic_table',
      entityId: tableId,
      oldValue: { studyId, name: row.name, sha256: row.sha256, runs: runs.map((r) => r.id) },
    });
  });
}
