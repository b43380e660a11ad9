import type { FormModel } from '@/lib/lexicon/form-model';
import type { Tx } from '../tx';
import { refreshCaseAdjudication } from './adjudication-refresh';
import type { ChangeContext } from './audit';
import { scheduleRereads } from './rereads';

/**
 * What a submit sets in motion, in the submit's own transaction: the reader's re-reads once
 * their first session is complete, and the case's adjudication task once all of its
 * first-session reads are in.
 */
export function afterSubmit(
  tx: Tx,
  ctx: ChangeContext,
  read: { studyId: number; caseId: number; readerId: string; session: number },
  model: FormModel,
): void {
  if (read.session !== 1) return;
  scheduleRereads(tx, ctx, read.studyId, read.readerId);
  refreshCaseAdjudication(tx, ctx, read.studyId, read.caseId, model);
}
