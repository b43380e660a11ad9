import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import {
  emptyReadColumns,
  pushRead,
  type ProgressCase,
  type ProgressData,
  type ProgressReader,
  type ProgressStudy,
} from '@/lib/study/progress';
import type { Db } from '../client';
import { cases, reads, studyMembers, users } from '../schema';
import type { StudyDetail } from './study-detail';

export type { ProgressData } from '@/lib/study/progress';

/** The study settings progress depends on, from the coordinator's study detail. */
export function progressStudy(
  study: Pick<StudyDetail, 'name' | 'readSessions' | 'dueAt' | 'rereadDueDays'>,
): ProgressStudy {
  return {
    name: study.name,
    readSessions: study.readSessions,
    dueAt: study.dueAt ? study.dueAt.getTime() : null,
    rereadDueDays: study.rereadDueDays,
  };
}

const byLabel = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const ms = (d: Date | null) => (d ? d.getTime() : null);

/**
 * A study's progress for its coordinator (the caller checks study.manage): its readers, its
 * cases and every read's status and timing, in three queries whatever the study's size. No
 * answers. Readers are the study's reader members plus anyone who still holds reads of it;
 * cases are in label order (numbers in labels sort as numbers).
 */
export function studyProgress(db: Db, studyId: number): ProgressData {
  const isReaderMember = and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'reader'));
  const readers: ProgressReader[] = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      disabledAt: users.disabledAt,
      member: sql<number>`exists (select 1 from ${studyMembers} where ${isReaderMember} and ${studyMembers.userId} = ${users.id})`,
    })
    .from(users)
    .where(
      or(
        inArray(users.id, db.select({ id: studyMembers.userId }).from(studyMembers).where(isReaderMember)),
        inArray(users.id, db.select({ id: reads.readerId }).from(reads).where(eq(reads.studyId, studyId))),
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .all()
    .map(({ disabledAt, ...r }) => ({ ...r, member: Boolean(r.member), disabled: disabledAt !== null }));

  const caseRows: ProgressCase[] = db
    .select({ id: cases.id, label: cases.label, caseKey: cases.caseKey, subjectId: cases.subjectId })
    .from(cases)
    .where(eq(cases.studyId, studyId))
    .orderBy(asc(cases.id))
    .all()
    .sort((a, b) => byLabel.compare(a.label, b.label) || a.id - b.id);

  const readRows = db
    .select({
      id: reads.id,
      caseId: reads.caseId,
      readerId: reads.readerId,
      session: reads.session,
      status: reads.status,
      activeMs: reads.activeMs,
      startedAt: reads.startedAt,
      submittedAt: reads.submittedAt,
      updatedAt: reads.updatedAt,
      availableAt: reads.availableAt,
    })
    .from(reads)
    .where(eq(reads.studyId, studyId))
    .orderBy(asc(reads.id))
    .all();

  const caseIdx = new Map(caseRows.map((c, i) => [c.id, i]));
  const readerIdx = new Map(readers.map((r, i) => [r.id, i]));
  const columns = emptyReadColumns();
  for (const r of readRows) {
    const c = caseIdx.get(r.caseId);
    const reader = readerIdx.get(r.readerId);
    if (c === undefined || reader === undefined) continue;
    pushRead(columns, {
      readId: r.id,
      caseIdx: c,
      readerIdx: reader,
      session: r.session,
      status: r.status,
      activeMs: r.activeMs,
      startedAt: ms(r.startedAt),
      submittedAt: ms(r.submittedAt),
      updatedAt: r.updatedAt.getTime(),
      availableAt: ms(r.availableAt),
    });
  }
  return { readers, cases: caseRows, reads: columns };
}
