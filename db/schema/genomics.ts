import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { createdAt, inList, updatedAt } from './columns';
import { studies } from './studies';

export const GENOMIC_SOURCES = ['delimited', 'cbioportal_clinical', 'maf'] as const;
export const GENOMIC_ID_LEVELS = ['patient', 'sample'] as const;

/**
 * A genomic table an analyst uploaded to a study (clinical attributes, subtypes, mutation calls,
 * expression scores), keyed by patient or sample id. Stored parsed: the columns with their types
 * (the analyst may override the inferred ones) and the rows as text. Analysts and administrators
 * only; readers never reach it.
 */
export const genomicTables = sqliteTable(
  'genomic_tables',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id),
    /** The uploaded file's name, as the analyst sees it. */
    name: text('name').notNull(),
    source: text('source', { enum: GENOMIC_SOURCES }).notNull(),
    idColumn: text('id_column').notNull(),
    idLevel: text('id_level', { enum: GENOMIC_ID_LEVELS }).notNull(),
    /** GenomicColumn[] (lib/genomics/types.ts). */
    columns: text('columns', { mode: 'json' }).notNull(),
    /** GenomicRow[]. */
    rows: text('rows', { mode: 'json' }).notNull(),
    /** Remarks made while reading the file. */
    notes: text('notes', { mode: 'json' }).notNull(),
    /** SHA-256 of the uploaded bytes. */
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    uploadedBy: text('uploaded_by').references(() => users.id),
    /** Optimistic-concurrency version: every accepted change of the column types increments it. */
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('genomic_tables_study_idx').on(t.studyId),
    check('genomic_tables_source_check', sql.raw(`"source" IN (${inList(GENOMIC_SOURCES)})`)),
    check('genomic_tables_id_level_check', sql.raw(`"id_level" IN (${inList(GENOMIC_ID_LEVELS)})`)),
  ],
);

/**
 * One run of the association grid: which table (at which version of its types), the
 * parameters, and every result with its p- and q-value, kept so that what an analyst looked
 * at and downloaded can be shown again and audited.
 */
export const associationRuns = sqliteTable(
  'association_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id),
    genomicTableId: integer('genomic_table_id')
      .notNull()
      .references(() => genomicTables.id, { onDelete: 'cascade' }),
    /** The table's version when the run was made. */
    tableVersion: integer('table_version').notNull(),
    /** AssociationParams (lib/genomics/params.ts). */
    params: text('params', { mode: 'json' }).notNull(),
    /** The join report: counts and unmatched ids. */
    joinReport: text('join_report', { mode: 'json' }).notNull(),
    /** AssociationResult[] with the imaging and genomic variable descriptions. */
    results: text('results', { mode: 'json' }).notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('association_runs_study_idx').on(t.studyId, t.genomicTableId)],
);
