import { and, eq, notInArray } from 'drizzle-orm';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { AnswerMode } from '@/lib/lexicon/answer-schema';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import { flattenAnswers } from '@/lib/lexicon/answer-paths';
import { buildFormModel } from '@/lib/lexicon/form-model';
import type { TLexicon } from '@/lib/lexicon/schema';
import { validateAnswers } from '@/lib/lexicon/validate-answers';
import { checkMeasurements } from '@/lib/dicom/saved-measurement';
import type { Db } from '../client';
import { answers as answersTable, lexiconVersions, reads, studies } from '../schema';
import { immediate } from '../tx';
import { afterSubmit } from './after-submit';
import { appendAudit, type ChangeContext } from './audit';
import { saveMeasurements } from './measurements';

export type SaveAnswersInput = {
  readId: number;
  mode: AnswerMode;
  version: number;
  answers: unknown;
  /** Field path → the geometry behind its value, or null to clear it; omitted paths keep theirs. */
  measurements?: Record<string, unknown>;
  /** Active reading time since the last accepted save (ms), added to the read's total. */
  activeMs?: number;
};

/** One save can add at most this much reading time: a tab left open cannot inflate the total. */
export const MAX_ACTIVE_MS_PER_SAVE = 10 * 60_000;

/**
 * Saves a reader's answers to their own read: checked against the study's pinned lexicon
 * (draft or submit rules, computed values recomputed here), refused when stale or locked,
 * written with one audit row per changed feature, all in one BEGIN IMMEDIATE transaction.
 * Another reader's read does not exist for the caller (not_found).
 */
export function saveReadAnswers(
  db: Db,
  ctx: ChangeContext,
  input: SaveAnswersInput,
): { version: number; status: string } {
  return immediate(db, (tx) => {
    const read = tx
      .select({
        id: reads.id,
        studyId: reads.studyId,
        caseId: reads.caseId,
        session: reads.session,
        readerId: reads.readerId,
        status: reads.status,
        version: reads.version,
        startedAt: reads.startedAt,
        activeMs: reads.activeMs,
        availableAt: reads.availableAt,
        studyStatus: studies.status,
        definition: lexiconVersions.definition,
      })
      .from(reads)
      .innerJoin(studies, eq(studies.id, reads.studyId))
      .leftJoin(lexiconVersions, eq(lexiconVersions.id, studies.lexiconVersionId))
      .where(eq(reads.id, input.readId))
      .get();
    if (!read || read.readerId !== ctx.actor.id || !can(ctx.actor, 'read.score', { studyId: read.studyId })) {
      throw new AppError('not_found', 'No such read');
    }
    if (read.studyStatus === 'closed')
      throw new AppError('conflict', 'This study is closed: its reads can no longer change');
    if (read.status === 'submitted') throw new AppError('conflict', 'This read is submitted and locked');
    if (read.availableAt && read.availableAt.getTime() > (ctx.now ?? new Date()).getTime())
      throw new AppError('not_found', 'No such read');
    if (read.version !== input.version) {
      throw new AppError(
        'conflict',
        `This read changed since you loaded it (version ${read.version}, yours ${input.version}); reload it`,
      );
    }
    if (!read.definition) throw new AppError('conflict', 'The study has no lexicon yet');
    const model = buildFormModel(read.definition as TLexicon);
    const accepted = validateAnswers(model, input.answers, input.mode);

    const now = ctx.now ?? new Date();
    const next = flattenAnswers(accepted.answers);
    const measured = checkMeasurements(model, next, input.measurements ?? {});
    if (Object.keys(measured.errors).length)
      throw new AppError('invalid', 'Some measurements were refused', measured.errors);
    const before = new Map(
      tx
        .select({ path: answersTable.featurePath, value: answersTable.value })
        .from(answersTable)
        .where(eq(answersTable.readId, read.id))
        .all()
        .map((r) => [r.path, r.value as AnswerValue]),
    );
    const gone = [...before.keys()].filter((p) => !next.has(p));
    if (gone.length) {
      tx.delete(answersTable)
        .where(
          and(eq(answersTable.readId, read.id), notInArray(answersTable.featurePath, [...next.keys(), ''])),
        )
        .run();
    }
    for (const path of gone)
      appendAudit(tx, ctx, {
        action: 'answer.clear',
        entity: 'read',
        entityId: read.id,
        oldValue: { path, value: before.get(path) },
        newValue: { path, value: null },
      });
    for (const [path, value] of next) {
      const old = before.get(path);
      if (JSON.stringify(old) === JSON.stringify(value)) continue;
      tx.insert(answersTable)
        .values({ readId: read.id, featurePath: path, value: value ?? null, updatedAt: now })
        .onConflictDoUpdate({
          target: [answersTable.readId, answersTable.featurePath],
          set: { value: value ?? null, updatedAt: now },
        })
        .run();
      appendAudit(tx, ctx, {
        action: 'answer.save',
        entity: 'read',
        entityId: read.id,
        oldValue: { path, value: old ?? null },
        newValue: { path, value },
      });
    }
    saveMeasurements(tx, ctx, read.id, measured.accepted, gone, now);
    const status = input.mode === 'submit' ? 'submitted' : 'draft';
    const version = read.version + 1;
    tx.update(reads)
      .set({
        status,
        version,
        startedAt: read.startedAt ?? now,
        activeMs:
          read.activeMs + Math.min(Math.max(0, Math.round(input.activeMs ?? 0)), MAX_ACTIVE_MS_PER_SAVE),
        submittedAt: input.mode === 'submit' ? now : null,
        updatedAt: now,
      })
      .where(eq(reads.id, read.id))
      .run();
    if (input.mode === 'submit') {
      appendAudit(tx, ctx, {
        action: 'read.submit',
        entity: 'read',
        entityId: read.id,
        newValue: { version },
      });
      afterSubmit(tx, ctx, read, model);
    }
    return { version, status };
  });
}
