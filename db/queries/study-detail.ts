import { asc, eq } from 'drizzle-orm';
import type { StudyRole } from '@/lib/auth/roles';
import { ZAdjudicationConfig, type AdjudicationConfig } from '@/lib/study/adjudication-config';
import { ZAssignmentDesign, type AssignmentDesign } from '@/lib/study/design-types';
import type { Db } from '../client';
import { lexiconVersions, studies, studyMembers, users } from '../schema';

export type StudyMember = { userId: string; name: string; email: string; role: StudyRole };

/** A study as its coordinator pages show it (the caller checks study.manage). */
export type StudyDetail = {
  id: number;
  slug: string;
  name: string;
  description: string;
  status: 'draft' | 'active' | 'closed';
  lexicon: { id: number; key: string; version: string; title: string } | null;
  design: AssignmentDesign;
  showCaseMetadata: boolean;
  seed: number;
  readSessions: number;
  washoutDays: number;
  dueAt: Date | null;
  rereadDueDays: number | null;
  adjudication: AdjudicationConfig;
  phiPolicy: 'refuse' | 'strip' | 'allow';
  members: StudyMember[];
};

export function getStudyDetail(db: Db, studyId: number): StudyDetail | null {
  const row = db
    .select({
      study: studies,
      lexicon: {
        id: lexiconVersions.id,
        key: lexiconVersions.key,
        version: lexiconVersions.version,
        title: lexiconVersions.title,
      },
    })
    .from(studies)
    .leftJoin(lexiconVersions, eq(lexiconVersions.id, studies.lexiconVersionId))
    .where(eq(studies.id, studyId))
    .get();
  if (!row) return null;
  const s = row.study;
  const members = db
    .select({ userId: users.id, name: users.name, email: users.email, role: studyMembers.role })
    .from(studyMembers)
    .innerJoin(users, eq(users.id, studyMembers.userId))
    .where(eq(studyMembers.studyId, studyId))
    .orderBy(asc(studyMembers.role), asc(users.name))
    .all();
  const design = ZAssignmentDesign.safeParse(s.design);
  const adjudication = ZAdjudicationConfig.safeParse(s.adjudication);
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description,
    status: s.status,
    lexicon: row.lexicon?.id ? row.lexicon : null,
    design: design.success ? design.data : { kind: 'fully_crossed' },
    showCaseMetadata: s.showCaseMetadata,
    seed: s.seed,
    readSessions: s.readSessions,
    washoutDays: s.washoutDays,
    dueAt: s.dueAt,
    rereadDueDays: s.rereadDueDays,
    adjudication: adjudication.success ? adjudication.data : { rules: [] },
    phiPolicy: s.phiPolicy,
    members,
  };
}
