import { count, eq } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import type { ReferenceRow } from '@/lib/lexicon/reference-csv';
import type { Db } from '../client';
import { cases, consensus, referenceAnswers } from '../schema';
import { immediate } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

function assertAnalyst(actor: Actor, studyId: number) {
  if (!can(actor, 'analysis.view', { studyId })) throw new AppError('not_found', 'No such study');
}

export function studyCaseKeys(db: Db, actor: Actor, studyId: number): Set<string> {
  assertAnalyst(actor, studyId);
  return new Set(
    db
      .select({ key: cases.caseKey })
      .from(cases)
      .where(eq(cases.studyId, studyId))
      .all()
      .map((c) => c.key),
  );
}

/** Replaces a study's reference standard in one transaction, with an audit row. */
export function replaceReference(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  rows: ReferenceRow[],
): { rows: number } {
  assertAnalyst(ctx.actor, studyId);
  return immediate(db, (tx) => {
    const before =
      tx.select({ n: count() }).from(referenceAnswers).where(eq(referenceAnswers.studyId, studyId)).get()
        ?.n ?? 0;
    tx.delete(referenceAnswers).where(eq(referenceAnswers.studyId, studyId)).run();
    for (const r of rows) {
      tx.insert(referenceAnswers)
        .values({
          studyId,
          caseKey: r.caseKey,
          featurePath: r.featurePath,
          value: r.value ?? null,
          uploadedBy: ctx.actor.id,
        })
        .run();
    }
    appendAudit(tx, ctx, {
      action: 'reference.replace',
      entity: 'study',
      entityId: studyId,
      oldValue: { rows: before },
      newValue: { rows: rows.length },
    });
    return { rows: rows.length };
  });
}

export function loadReference(
  db: Db,
  actor: Actor,
  studyId: number,
): { caseKey: string; path: string; value: AnswerValue }[] {
  assertAnalyst(actor, studyId);
  return db
    .select({
      caseKey: referenceAnswers.caseKey,
      path: referenceAnswers.featurePath,
      value: referenceAnswers.value,
    })
    .from(referenceAnswers)
    .where(eq(referenceAnswers.studyId, studyId))
    .all()
    .map((r) => ({ ...r, value: r.value as AnswerValue }));
}

/** The consensus values of a study (set by adjudication), as a standard to compare readers with. */
export function loadConsensus(
  db: Db,
  actor: Actor,
  studyId: number,
): { caseKey: string; path: string; value: AnswerValue }[] {
  assertAnalyst(actor, studyId);
  return db
    .select({ caseKey: cases.caseKey, path: consensus.featurePath, value: consensus.value })
    .from(consensus)
    .innerJoin(cases, eq(cases.id, consensus.caseId))
    .where(eq(consensus.studyId, studyId))
    .all()
    .map((r) => ({ ...r, value: r.value as AnswerValue }));
}
