import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { cases } from './cases';
import { createdAt, inList, updatedAt } from './columns';
import { reads } from './reads';
import { studies } from './studies';

export const SERIES_SOURCES = ['local', 'dicomweb'] as const;

/**
 * One imaging series of a case. Local series have their instances stored content-addressed
 * under the data folder; DICOMweb series reference a study on the configured server by UID.
 */
export const imagingSeries = sqliteTable(
  'series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    source: text('source', { enum: SERIES_SOURCES }).notNull(),
    studyInstanceUid: text('study_instance_uid').notNull(),
    seriesInstanceUid: text('series_instance_uid').notNull(),
    modality: text('modality'),
    description: text('description'),
    seriesNumber: integer('series_number'),
    /** Projection images: CC, MLO… (hanging protocols match on it). */
    viewPosition: text('view_position'),
    laterality: text('laterality'),
    frameOfReferenceUid: text('frame_of_reference_uid'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('series_case_uid_idx').on(t.caseId, t.seriesInstanceUid),
    check('series_source_check', sql.raw(`"source" IN (${inList(SERIES_SOURCES)})`)),
  ],
);

/** One stored instance, with the header fields the viewer needs to order and display it. */
export const imagingInstances = sqliteTable(
  'instances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    seriesId: integer('series_id')
      .notNull()
      .references(() => imagingSeries.id),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    sopClassUid: text('sop_class_uid').notNull(),
    instanceNumber: integer('instance_number'),
    /** sha256 of the stored bytes (local source); null for DICOMweb instances. */
    sha256: text('sha256'),
    size: integer('size'),
    transferSyntaxUid: text('transfer_syntax_uid'),
    rows: integer('rows').notNull(),
    columns: integer('columns').notNull(),
    frames: integer('frames').notNull().default(1),
    /** Position along the slice normal (mm), for sorting a stack. */
    slicePosition: real('slice_position'),
    pixelSpacing: text('pixel_spacing', { mode: 'json' }).$type<[number, number] | null>(),
    /** Why the instance is withheld from readers (e.g. declared burned-in annotation), or null. */
    quarantine: text('quarantine'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('instances_series_sop_idx').on(t.seriesId, t.sopInstanceUid),
    index('instances_sha_idx').on(t.sha256),
  ],
);

/** One run of `annolex import` or an upload, with its summary (counts and skip reasons, no file names). */
export const imports = sqliteTable('imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  studyId: integer('study_id')
    .notNull()
    .references(() => studies.id),
  actorId: text('actor_id').references(() => users.id),
  policy: text('policy').notNull(),
  summary: text('summary', { mode: 'json' }).notNull(),
  createdAt: createdAt(),
});

/** The geometry behind a measured answer: enough to redraw the annotation when the read reopens. */
export const measurements = sqliteTable(
  'measurements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    readId: integer('read_id')
      .notNull()
      .references(() => reads.id),
    featurePath: text('feature_path').notNull(),
    tool: text('tool').notNull(),
    annotationUid: text('annotation_uid').notNull(),
    seriesInstanceUid: text('series_instance_uid').notNull(),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    frame: integer('frame').notNull().default(1),
    /** World (patient) coordinates in mm of the annotation's handles. */
    points: text('points', { mode: 'json' }).$type<[number, number, number][]>().notNull(),
    value: real('value').notNull(),
    unit: text('unit').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('measurements_read_feature_idx').on(t.readId, t.featurePath)],
);
