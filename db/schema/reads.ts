import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { cases } from './cases';
import { createdAt, inList, timestampMs, updatedAt } from './columns';
import { studies } from './studies';

export const READ_STATUSES = ['not_started', 'draft', 'submitted'] as const;

/** One reader's reading of one case in one session (1, or 2 for a re-read after wash-out). */
export const reads = sqliteTable(
  'reads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    readerId: text('reader_id')
      .notNull()
      .references(() => users.id),
    session: integer('session').notNull().default(1),
    status: text('status', { enum: READ_STATUSES }).notNull().default('not_started'),
    orderIndex: integer('order_index').notNull().default(0),
    availableAt: timestampMs('available_at'),
    startedAt: timestampMs('started_at'),
    submittedAt: timestampMs('submitted_at'),
    activeMs: integer('active_ms').notNull().default(0),
    /** Optimistic-concurrency version: every accepted write increments it. */
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reads_case_reader_session_idx').on(t.caseId, t.readerId, t.session),
    index('reads_reader_idx').on(t.readerId, t.studyId),
    // The coordinator's progress and the adjudication checks read a whole study at once.
    index('reads_study_idx').on(t.studyId, t.caseId),
    check('reads_status_check', sql.raw(`"status" IN (${inList(READ_STATUSES)})`)),
    check('reads_session_check', sql`"session" >= 1`),
  ],
);

/** One answer of a read. feature_path names the feature, with the lesion index for repeat groups. */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    readId: integer('read_id')
      .notNull()
      .references(() => reads.id),
    featurePath: text('feature_path').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('answers_read_feature_idx').on(t.readId, t.featurePath)],
);
