import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/permissions';
import type { StudyRole } from '@/lib/auth/roles';
import type { Db } from '../client';
import { cases, studies, studyMembers } from '../schema';

export type StudySummary = {
  id: number;
  slug: string;
  name: string;
  status: string;
  cases: number;
  readers: number;
};

/**
 * The studies an actor sees in one area: those where they hold `role`; administrators
 * see all studies in the areas open to them.
 */
export function listStudiesInArea(db: Db, actor: Actor, role: StudyRole): StudySummary[] {
  const ids = actor.memberships.filter((m) => m.role === role).map((m) => m.studyId);
  if (actor.role !== 'admin' && ids.length === 0) return [];
  const caseCount = db
    .select({ studyId: cases.studyId, n: sql<number>`count(*)`.as('case_n') })
    .from(cases)
    .groupBy(cases.studyId)
    .as('case_count');
  const readerCount = db
    .select({ studyId: studyMembers.studyId, n: sql<number>`count(*)`.as('reader_n') })
    .from(studyMembers)
    .where(eq(studyMembers.role, 'reader'))
    .groupBy(studyMembers.studyId)
    .as('reader_count');
  return db
    .select({
      id: studies.id,
      slug: studies.slug,
      name: studies.name,
      status: studies.status,
      cases: sql<number>`coalesce(${caseCount.n}, 0)`,
      readers: sql<number>`coalesce(${readerCount.n}, 0)`,
    })
    .from(studies)
    .leftJoin(caseCount, eq(caseCount.studyId, studies.id))
    .leftJoin(readerCount, eq(readerCount.studyId, studies.id))
    .where(actor.role === 'admin' ? undefined : inArray(studies.id, ids))
    .orderBy(asc(studies.name))
    .all();
}

/** A study named by id or slug (for the CLI and import): its id, slug and PHI policy, or null. */
export function findStudyRef(
  db: Db,
  idOrSlug: string,
): { id: number; slug: string; phiPolicy: (typeof studies.$inferSelect)['phiPolicy'] } | null {
  const byId = /^\d+$/.test(idOrSlug) ? eq(studies.id, Number(idOrSlug)) : eq(studies.slug, idOrSlug);
  return (
    db
      .select({ id: studies.id, slug: studies.slug, phiPolicy: studies.phiPolicy })
      .from(studies)
      .where(byId)
      .get() ?? null
  );
}
