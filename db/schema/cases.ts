import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { studies } from './studies';

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id),
    /** Stable key within the study, e.g. the import's grouping key. */
    caseKey: text('case_key').notNull(),
    /** What readers see instead of any patient identity, e.g. "Case 07". */
    label: text('label').notNull(),
    /** Patient or sample ID used for genomic joins (e.g. a TCGA barcode). Never shown to readers. */
    subjectId: text('subject_id'),
    /** Clinical metadata, hidden from readers unless the study shows it. */
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cases_study_key_idx').on(t.studyId, t.caseKey)],
);
