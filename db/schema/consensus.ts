import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { cases } from './cases';
import { createdAt } from './columns';
import { studies } from './studies';

/**
 * Consensus values set by adjudication, per case and feature path. Stored apart from reads,
 * which adjudication never changes.
 */
export const consensus = sqliteTable(
  'consensus',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    featurePath: text('feature_path').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
    /** How the value was reached, e.g. adjudication. */
    method: text('method').notNull().default('adjudication'),
    adjudicatorId: text('adjudicator_id').references(() => users.id),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('consensus_case_feature_idx').on(t.caseId, t.featurePath),
    index('consensus_study_idx').on(t.studyId),
  ],
);
