import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { STUDY_ROLES } from '@/lib/auth/roles';
import { PHI_POLICIES } from '@/lib/dicom/phi/policy';
import { users } from './auth';
import { createdAt, inList, timestampMs, updatedAt } from './columns';
import { lexiconVersions } from './lexicons';

export const STUDY_STATUSES = ['draft', 'active', 'closed'] as const;

export const studies = sqliteTable(
  'studies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    lexiconVersionId: integer('lexicon_version_id').references(() => lexiconVersions.id),
    /** Assignment design as data, e.g. { kind: 'fully_crossed' } (see lib/study). */
    design: text('design', { mode: 'json' })
      .notNull()
      .default(sql`'{"kind":"fully_crossed"}'`),
    /** Whether readers may see case metadata. */
    showCaseMetadata: integer('show_case_metadata', { mode: 'boolean' }).notNull().default(false),
    seed: integer('seed').notNull(),
    readSessions: integer('read_sessions').notNull().default(1),
    washoutDays: integer('washout_days').notNull().default(0),
    /** When session-1 reads are due. */
    dueAt: timestampMs('due_at'),
    /** Days a re-read (session 2) is due after it opens; null for no due date. */
    rereadDueDays: integer('reread_due_days'),
    /** Adjudication rules as data: which features trigger it and how (see lib/study/adjudication). */
    adjudication: text('adjudication', { mode: 'json' })
      .notNull()
      .default(sql`'{"rules":[]}'`),
    status: text('status', { enum: STUDY_STATUSES }).notNull().default('draft'),
    phiPolicy: text('phi_policy', { enum: PHI_POLICIES }).notNull().default('refuse'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  () => [
    check('studies_status_check', sql.raw(`"status" IN (${inList(STUDY_STATUSES)})`)),
    check('studies_sessions_check', sql`"read_sessions" IN (1, 2)`),
    check('studies_washout_check', sql`"washout_days" >= 0`),
  ],
);

export const studyMembers = sqliteTable(
  'study_members',
  {
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: STUDY_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studyId, t.userId, t.role] }),
    index('study_members_user_idx').on(t.userId),
    check('study_members_role_check', sql.raw(`"role" IN (${inList(STUDY_ROLES)})`)),
  ],
);
