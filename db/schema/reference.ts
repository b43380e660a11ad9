import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { createdAt } from './columns';
import { studies } from './studies';

/** A reference standard (e.g. pathology or expert consensus from outside the study), per case and feature path. */
export const referenceAnswers = sqliteTable(
  'reference_answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id),
    caseKey: text('case_key').notNull(),
    featurePath: text('feature_path').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
    uploadedBy: text('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reference_answers_study_case_feature_idx').on(t.studyId, t.caseKey, t.featurePath),
    index('reference_answers_study_idx').on(t.studyId),
  ],
);
