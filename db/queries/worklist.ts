import { and, asc, eq, ne } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/permissions';
import type { Db } from '../client';
import { cases, reads, studies } from '../schema';

export type WorklistRow = {
  readId: number;
  studyName: string;
  caseLabel: string;
  session: number;
  status: 'not_started' | 'draft' | 'submitted';
  /** A re-read after a wash-out opens only from this time; null when open now. */
  availableAt: Date | null;
};

/** Whether a read can be opened at `now` (a re-read waits for its wash-out). */
export const isAvailable = (row: Pick<WorklistRow, 'availableAt'>, now: Date) =>
  !row.availableAt || row.availableAt.getTime() <= now.getTime();

/** The read the Next case button opens: the first one in the reader's order not yet submitted and open now. */
export function nextRead(rows: WorklistRow[], now: Date): WorklistRow | null {
  return rows.find((r) => r.status !== 'submitted' && isAvailable(r, now)) ?? null;
}

/**
 * The reader's own reads and nothing else: no other reader's status, no patient identity,
 * no case metadata; none of a closed study. Ordered by the per-reader order index.
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
      availableAt: reads.availableAt,
    })
    .from(reads)
    .innerJoin(cases, eq(cases.id, reads.caseId))
    .innerJoin(studies, eq(studies.id, reads.studyId))
    .where(and(eq(reads.readerId, actor.id), ne(studies.status, 'closed')))
    .orderBy(asc(reads.studyId), asc(reads.session), asc(reads.orderIndex))
    .all();
}

/**
 * The reader's two-session studies whose re-reads are not scheduled yet (they are once the
 * reader submits the last of their first-session reads), with the wash-out that will follow.
 */
export function pendingRereads(db: Db, actor: Actor): { studyName: string; washoutDays: number }[] {
  if (!actor.id) return [];
  const mine = db
    .select({
      studyId: reads.studyId,
      studyName: studies.name,
      washoutDays: studies.washoutDays,
      readSessions: studies.readSessions,
      session: reads.session,
    })
    .from(reads)
    .innerJoin(studies, eq(studies.id, reads.studyId))
    .where(and(eq(reads.readerId, actor.id), ne(studies.status, 'closed')))
    .all();
  const byStudy = new Map<number, { studyName: string; washoutDays: number; rereads: boolean }>();
  for (const r of mine) {
    if (r.readSessions < 2) continue;
    const entry = byStudy.get(r.studyId) ?? {
      studyName: r.studyName,
      washoutDays: r.washoutDays,
      rereads: false,
    };
    entry.rereads ||= r.session >= 2;
    byStudy.set(r.studyId, entry);
  }
  return [...byStudy.values()]
    .filter((s) => !s.rereads)
    .map(({ studyName, washoutDays }) => ({ studyName, washoutDays }));
}
