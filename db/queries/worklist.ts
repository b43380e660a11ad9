import { asc, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/permissions';
import type { Db } from '../client';
import { cases, reads, studies } from '../schema';

export type WorklistRow = {
  readId: number;
  studyName: string;
  caseLabel: string;
  session: number;
  status: 'not_started' | 'draft' | 'submitted';
};

/**
 * The reader's own reads and nothing else: no other reader's status, no patient identity,
 * no case metadata. Ordered by the per-reader order index.
 */
export function listWorklist(db: Db, actor: Actor): WorklistRow[] {
  if (!actor.id) return [];
  return db
    .select({
      readId: reads.id,
      studyName: studies.name,
      caseLabel: cases.label,
      session: reads.session,
      status: reads.status,
    })
    .from(reads)
    .innerJoin(cases, eq(cases.id, reads.caseId))
    .innerJoin(studies, eq(studies.id, reads.studyId))
    .where(eq(reads.readerId, actor.id))
    .orderBy(asc(reads.studyId), asc(reads.session), asc(reads.orderIndex))
    .all();
}
