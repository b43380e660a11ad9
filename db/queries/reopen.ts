import { eq } from 'drizzle-orm';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { reads } from '../schema';
import { immediate } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

/**
 * Reopens a submitted read (its study's coordinators, or an administrator), with a reason: it
 * becomes a draft again for its reader, its answers untouched, and the version moves on so any
 * page still open on the old version cannot write. One audit row records who, when and why.
 */
export function reopenRead(db: Db, ctx: ChangeContext, input: { readId: number; reason: string }) {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new AppError('invalid', 'Give a reason for reopening the read');
  return immediate(db, (tx) => {
    const read = tx.select().from(reads).where(eq(reads.id, input.readId)).get();
    if (!read || !can(ctx.actor, 'study.manage', { studyId: read.studyId }))
      throw new AppError('not_found', 'No such read');
    if (read.status !== 'submitted') throw new AppError('conflict', 'Only a submitted read can be reopened');
    const version = read.version + 1;
    tx.update(reads)
      .set({ status: 'draft', submittedAt: null, version, updatedAt: ctx.now ?? new Date() })
      .where(eq(reads.id, read.id))
      .run();
    appendAudit(tx, ctx, {
      action: 'read.reopen',
      entity: 'read',
      entityId: read.id,
      oldValue: { status: 'submitted', version: read.version },
      newValue: { status: 'draft', version },
      reason,
    });
    return { version, status: 'draft' as const };
  });
}
