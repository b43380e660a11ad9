import { randomUUID } from 'node:crypto';
import type { GlobalRole, StudyRole } from '@/lib/auth/roles';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import type { Db } from './client';
import { CLI_ACTOR } from './queries/actors';
import { adoptLexiconVersion } from './queries/lexicons';
import { answers, cases, reads, studies, studyMembers, users } from './schema';

/** Test data builders: realistic rows straight into the database, no password hashing. */

let counter = 0;
const next = () => ++counter;

export function makeUser(
  db: Db,
  overrides: { role?: GlobalRole; email?: string; name?: string; disabled?: boolean } = {},
) {
  const n = next();
  const row = {
    id: randomUUID(),
    email: overrides.email ?? `user${n}-${randomUUID().slice(0, 6)}@example.org`,
    name: overrides.name ?? `User ${n}`,
    role: overrides.role ?? 'reader',
    emailVerified: true,
    disabledAt: overrides.disabled ? new Date() : null,
  };
  db.insert(users).values(row).run();
  return row;
}

/** A study; with `lexicon`, pinned to that shipped lexicon (adopted once, as the app does). */
export function makeStudy(
  db: Db,
  overrides: { name?: string; createdBy?: string; lexicon?: 'vasari' | 'birads-mammography' } = {},
) {
  const n = next();
  const lexiconVersionId = overrides.lexicon
    ? adoptLexiconVersion(db, { actor: CLI_ACTOR, requestId: null }, shippedLexicon(overrides.lexicon)).id
    : null;
  return db
    .insert(studies)
    .values({
      slug: `study-${n}-${randomUUID().slice(0, 6)}`,
      name: overrides.name ?? `Study ${n}`,
      seed: 1000 + n,
      createdBy: overrides.createdBy ?? null,
      lexiconVersionId,
    })
    .returning()
    .get();
}

export function addMember(db: Db, studyId: number, userId: string, role: StudyRole) {
  db.insert(studyMembers).values({ studyId, userId, role }).run();
}

export function makeCase(db: Db, studyId: number, overrides: { subjectId?: string } = {}) {
  const n = next();
  return db
    .insert(cases)
    .values({
      studyId,
      caseKey: `case-${n}`,
      label: `Case ${String(n).padStart(2, '0')}`,
      subjectId: overrides.subjectId ?? `TCGA-02-${String(n).padStart(4, '0')}`,
      metadata: { age: 40 + (n % 30), sex: n % 2 ? 'F' : 'M' },
    })
    .returning()
    .get();
}

export function makeRead(
  db: Db,
  input: {
    studyId: number;
    caseId: number;
    readerId: string;
    session?: number;
    status?: 'not_started' | 'draft' | 'submitted';
  },
) {
  return db
    .insert(reads)
    .values({ ...input, orderIndex: next(), submittedAt: input.status === 'submitted' ? new Date() : null })
    .returning()
    .get();
}

export function makeAnswer(db: Db, readId: number, featurePath: string, value: unknown) {
  return db.insert(answers).values({ readId, featurePath, value }).returning().get();
}
