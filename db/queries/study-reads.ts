import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { cases, reads, users } from '../schema';

export type StudyReadRow = {
  readId: number;
  caseLabel: string;
  reader: string;
  session: number;
  status: 'not_started' | 'draft' | 'submitted';
  submittedAt: Date | null;
  activeMs: number;
};

/** Every read of a study for its coordinator (the caller checks study.manage), by case then reader. */
export function listStudyReads(db: Db, studyId: number): StudyReadRow[] {
  return db
    .select({
      readId: reads.id,
      caseLabel: cases.label,
      reader: users.name,
      session: reads.session,
      status: reads.status,
      submittedAt: reads.submittedAt,
      activeMs: reads.activeMs,
    })
    .from(reads)
    .innerJoin(cases, eq(cases.id, reads.caseId))
    .innerJoin(users, eq(users.id, reads.readerId))
    .where(eq(reads.studyId, studyId))
    .orderBy(asc(cases.label), asc(users.name), asc(reads.session))
    .all();
}
