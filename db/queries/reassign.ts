import { and, eq, max } from 'drizzle-orm';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { answers, measurements, reads, studies, studyMembers, users } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

type ReadRow = typeof reads.$inferSelect;

function untouched(tx: Tx, read: ReadRow): boolean {
  if (read.status !== 'not_started' || read.startedAt !== null) return false;
  const answer = tx
    .select({ id: answers.id })
    .from(answers)
    .where(eq(answers.readId, read.id))
    .limit(1)
    .get();
  const measured = tx
    .select({ id: measurements.id })
    .from(measurements)
    .where(eq(measurements.readId, read.id))
    .limit(1)
    .get();
  return !answer && !measured;
}

/** The next position at the end of a reader's order for one session of a study. */
function nextOrderIndex(tx: Tx, studyId: number, readerId: string, session: number): number {
  const row = tx
    .select({ last: max(reads.orderIndex) })
    .from(reads)
    .where(and(eq(reads.studyId, studyId), eq(reads.readerId, readerId), eq(reads.session, session)))
    .get();
  return (row?.last ?? 0) + 1;
}

/**
 * Gives a session-1 read nobody has started to another reader of the study (its coordinators,
 * or an administrator): the read goes to the end of the new reader's session-1 order and its
 * version moves on, so a page still open on the old version cannot write. Audited.
 */
export function reassignRead(db: Db, ctx: ChangeContext, input: { readId: number; readerId: string }) {
  return immediate(db, (tx) => {
    const read = tx.select().from(reads).where(eq(reads.id, input.readId)).get();
    if (!read || !can(ctx.actor, 'study.manage', { studyId: read.studyId }))
      throw new AppError('not_found', 'No such read');
    if (read.session !== 1 || !untouched(tx, read))
      throw new AppError('conflict', 'Only a session-1 read that has not been started can be reassigned');
    const study = tx
      .select({ status: studies.status })
      .from(studies)
      .where(eq(studies.id, read.studyId))
      .get();
    if (study?.status === 'closed')
      throw new AppError('conflict', 'The study is closed; no read can be reassigned');
    if (input.readerId === read.readerId) throw new AppError('conflict', 'The read is already this reader’s');

    const target = tx
      .select({ id: users.id, disabledAt: users.disabledAt })
      .from(studyMembers)
      .innerJoin(users, eq(users.id, studyMembers.userId))
      .where(
        and(
          eq(studyMembers.studyId, read.studyId),
          eq(studyMembers.userId, input.readerId),
          eq(studyMembers.role, 'reader'),
        ),
      )
      .get();
    if (!target) throw new AppError('conflict', 'Choose a reader of this study');
    if (target.disabledAt) throw new AppError('conflict', 'That reader’s account is disabled');

    const ofCase = tx
      .select()
      .from(reads)
      .where(and(eq(reads.caseId, read.caseId), eq(reads.studyId, read.studyId)))
      .all();
    if (ofCase.some((r) => r.readerId === input.readerId && r.session === read.session))
      throw new AppError('conflict', 'That reader already has this case');

    if (ofCase.some((r) => r.readerId === read.readerId && r.session > 1))
      throw new AppError(
        'conflict',
        'The reader already has a re-read of this case; it cannot be reassigned',
      );

    const orderIndex = nextOrderIndex(tx, read.studyId, input.readerId, 1);
    const version = read.version + 1;
    tx.update(reads)
      .set({ readerId: input.readerId, orderIndex, version, updatedAt: ctx.now ?? new Date() })
      .where(eq(reads.id, read.id))
      .run();
    appendAudit(tx, ctx, {
      action: 'read.reassign',
      entity: 'read',
      entityId: read.id,
      oldValue: { readerId: read.readerId, orderIndex: read.orderIndex, version: read.version },
      newValue: { readerId: input.readerId, orderIndex, version },
    });
    return { readId: read.id, readerId: input.readerId, orderIndex, version };
  });
}
