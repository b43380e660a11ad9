import { and, eq, max } from 'drizzle-orm';
import { readerOrder } from '@/lib/study/reader-order';
import { rereadsToSchedule } from '@/lib/study/washout';
import { reads, studies } from '../schema';
import type { Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

/**
 * Schedules a reader's re-reads once they have submitted every first-session read of a study:
 * one session-2 read per case, opening after the study's wash-out, in an order shuffled afresh
 * (see readerOrder). Runs inside the caller's transaction (the submit that completed session 1),
 * so the submit and the schedule commit together. Cases added later get their re-read when the
 * reader finishes them, again after a full wash-out.
 */
export function scheduleRereads(tx: Tx, ctx: ChangeContext, studyId: number, readerId: string): number {
  const study = tx
    .select({ readSessions: studies.readSessions, washoutDays: studies.washoutDays, seed: studies.seed })
    .from(studies)
    .where(eq(studies.id, studyId))
    .get();
  if (!study || study.readSessions < 2) return 0;
  const mine = tx
    .select({ caseId: reads.caseId, session: reads.session, status: reads.status })
    .from(reads)
    .where(and(eq(reads.studyId, studyId), eq(reads.readerId, readerId)))
    .all();
  const plan = rereadsToSchedule({
    readSessions: study.readSessions,
    washoutDays: study.washoutDays,
    now: ctx.now ?? new Date(),
    session1: mine.filter((r) => r.session === 1),
    session2CaseIds: mine.filter((r) => r.session === 2).map((r) => r.caseId),
  });
  if (!plan) return 0;
  const after =
    tx
      .select({ n: max(reads.orderIndex) })
      .from(reads)
      .where(and(eq(reads.studyId, studyId), eq(reads.readerId, readerId), eq(reads.session, 2)))
      .get()?.n ?? 0;
  const order = readerOrder(plan.caseIds, { seed: study.seed, readerId, session: 2 });
  for (const caseId of plan.caseIds)
    tx.insert(reads)
      .values({
        studyId,
        caseId,
        readerId,
        session: 2,
        status: 'not_started',
        orderIndex: after + order.get(caseId)!,
        availableAt: plan.availableAt,
      })
      .run();
  appendAudit(tx, ctx, {
    action: 'read.schedule_reread',
    entity: 'study',
    entityId: studyId,
    newValue: { readerId, cases: plan.caseIds.length, availableAt: plan.availableAt.toISOString() },
  });
  return plan.caseIds.length;
}
