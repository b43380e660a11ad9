import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { cases } from './cases';
import { createdAt, inList, timestampMs, updatedAt } from './columns';
import { studies } from './studies';

export const ADJUDICATION_STATUSES = ['open', 'done', 'withdrawn'] as const;

/**
 * A case whose readers disagreed on a feature the study adjudicates, routed to one adjudicator.
 * The triggering features are kept as data (feature path, reason); the decisions live in
 * `consensus`, never in the reads.
 */
export const adjudicationTasks = sqliteTable(
  'adjudication_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    adjudicatorId: text('adjudicator_id').references(() => users.id),
    status: text('status', { enum: ADJUDICATION_STATUSES }).notNull().default('open'),
    /** The features that triggered it: [{ featureId, path, reason }]. */
    triggers: text('triggers', { mode: 'json' }).notNull(),
    decidedAt: timestampMs('decided_at'),
    /** Optimistic-concurrency version: every accepted write increments it. */
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('adjudication_tasks_case_idx').on(t.caseId),
    index('adjudication_tasks_study_idx').on(t.studyId, t.status),
    index('adjudication_tasks_adjudicator_idx').on(t.adjudicatorId),
    check('adjudication_tasks_status_check', sql.raw(`"status" IN (${inList(ADJUDICATION_STATUSES)})`)),
  ],
);
