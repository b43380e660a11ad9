import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { checkRules } from '@/lib/study/adjudication';
import {
  ZAdjudicationConfig,
  type AdjudicationConfig,
  type AdjudicationTrigger,
} from '@/lib/study/adjudication-config';
import type { Db } from '../client';
import { adjudicationTasks, cases, consensus, studies, studyMembers, users } from '../schema';
import { immediate } from '../tx';
import { refreshStudyCases, type RefreshCounts } from './adjudication-refresh';
import { appendAudit, type ChangeContext } from './audit';
import { studyModel } from './study-model';

function assertManager(actor: Actor, studyId: number) {
  if (!can(actor, 'study.manage', { studyId })) throw new AppError('not_found', 'No such study');
}

/**
 * Saves a study's adjudication rules (its coordinators, or an administrator): checked against
 * the study's lexicon, written with one audit row holding the old and new rules, then every
 * case is re-evaluated in the same transaction. Returns what the re-evaluation changed.
 * Field errors: `rules` lists every problem; `rules.<featureId>` those of one feature's rule.
 */
export function saveAdjudicationRules(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  input: unknown,
): RefreshCounts {
  assertManager(ctx.actor, studyId);
  const parsed = ZAdjudicationConfig.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues)
      (fieldErrors[issue.path.join('.') || 'rules'] ??= []).push(issue.message);
    throw new AppError('invalid', 'Some rules need attention', fieldErrors);
  }
  const config: AdjudicationConfig = parsed.data;
  return immediate(db, (tx) => {
    const study = tx
      .select({ adjudication: studies.adjudication })
      .from(studies)
      .where(eq(studies.id, studyId))
      .get();
    if (!study) throw new AppError('not_found', 'No such study');
    const model = studyModel(tx, studyId);
    if (!model) throw new AppError('conflict', 'This study has no lexicon yet');
    const errors = checkRules(model, config.rules);
    if (errors.length) {
      const fieldErrors: Record<string, string[]> = { rules: errors };
      for (const rule of config.rules) {
        const own = checkRules(model, [rule]);
        if (own.length) fieldErrors[`rules.${rule.featureId}`] = own;
      }
      throw new AppError(
        'invalid',
        errors.length === 1 ? errors[0]! : 'Some rules need attention',
        fieldErrors,
      );
    }
    tx.update(studies)
      .set({ adjudication: config, updatedAt: ctx.now ?? new Date() })
      .where(eq(studies.id, studyId))
      .run();
    appendAudit(tx, ctx, {
      action: 'study.adjudication_rules',
      entity: 'study',
      entityId: studyId,
      oldValue: study.adjudication,
      newValue: config,
    });
    return refreshStudyCases(tx, ctx, studyId);
  });
}

/** Re-evaluates every case of a study against its rules (the coordinator's "Re-evaluate all cases"). */
export function reevaluateAdjudication(db: Db, ctx: ChangeContext, studyId: number): RefreshCounts {
  assertManager(ctx.actor, studyId);
  return immediate(db, (tx) => refreshStudyCases(tx, ctx, studyId));
}

export type AdjudicationTaskRow = {
  id: number;
  caseId: number;
  caseLabel: string;
  status: 'open' | 'done' | 'withdrawn';
  adjudicatorId: string | null;
  adjudicator: string | null;
  version: number;
  triggerCount: number;
  /** The distinct features that triggered the task, in trigger order. */
  featureIds: string[];
  decidedAt: Date | null;
  /** How many consensus values the case has. */
  consensusCount: number;
};

/** A study's adjudication tasks for its coordinator, by case label. */
export function listAdjudicationTasks(db: Db, actor: Actor, studyId: number): AdjudicationTaskRow[] {
  assertManager(actor, studyId);
  return db
    .select({
      id: adjudicationTasks.id,
      caseId: adjudicationTasks.caseId,
      caseLabel: cases.label,
      status: adjudicationTasks.status,
      adjudicatorId: adjudicationTasks.adjudicatorId,
      adjudicator: users.name,
      version: adjudicationTasks.version,
      triggers: adjudicationTasks.triggers,
      decidedAt: adjudicationTasks.decidedAt,
      consensusCount: sql<number>`(select count(*) from ${consensus} where ${consensus.caseId} = ${adjudicationTasks.caseId})`,
    })
    .from(adjudicationTasks)
    .innerJoin(cases, eq(cases.id, adjudicationTasks.caseId))
    .leftJoin(users, eq(users.id, adjudicationTasks.adjudicatorId))
    .where(eq(adjudicationTasks.studyId, studyId))
    .orderBy(asc(cases.label), asc(adjudicationTasks.id))
    .all()
    .map(({ triggers, ...row }) => {
      const list = Array.isArray(triggers) ? (triggers as AdjudicationTrigger[]) : [];
      return {
        ...row,
        adjudicator: row.adjudicator ?? null,
        consensusCount: Number(row.consensusCount),
        triggerCount: list.length,
        featureIds: [...new Set(list.map((t) => t.featureId))],
      };
    });
}

/**
 * Hands an open task to another adjudicator of its study (its coordinators, or an
 * administrator). `version`, when given, must match the task's: a page showing an older
 * state cannot overwrite a newer one.
 */
export function assignAdjudicator(
  db: Db,
  ctx: ChangeContext,
  input: { taskId: number; adjudicatorId: string; version?: number },
): { version: number } {
  return immediate(db, (tx) => {
    const task = tx.select().from(adjudicationTasks).where(eq(adjudicationTasks.id, input.taskId)).get();
    if (!task) throw new AppError('not_found', 'No such task');
    assertManager(ctx.actor, task.studyId);
    if (task.status !== 'open') throw new AppError('conflict', 'Only an open task can be reassigned');
    if (input.version !== undefined && input.version !== task.version)
      throw new AppError('conflict', 'This task changed since you loaded it; reload the page');
    const member = tx
      .select({ id: studyMembers.userId })
      .from(studyMembers)
      .innerJoin(users, eq(users.id, studyMembers.userId))
      .where(
        and(
          eq(studyMembers.studyId, task.studyId),
          eq(studyMembers.userId, input.adjudicatorId),
          eq(studyMembers.role, 'adjudicator'),
          isNull(users.disabledAt),
        ),
      )
      .get();
    if (!member)
      throw new AppError('invalid', 'Choose an adjudicator of this study', {
        adjudicatorId: ['Choose an adjudicator of this study'],
      });
    if (task.adjudicatorId === input.adjudicatorId) return { version: task.version };
    const version = task.version + 1;
    tx.update(adjudicationTasks)
      .set({ adjudicatorId: input.adjudicatorId, version, updatedAt: ctx.now ?? new Date() })
      .where(eq(adjudicationTasks.id, task.id))
      .run();
    appendAudit(tx, ctx, {
      action: 'adjudication.task.assign',
      entity: 'adjudication_task',
      entityId: task.id,
      oldValue: { adjudicatorId: task.adjudicatorId, version: task.version },
      newValue: { adjudicatorId: input.adjudicatorId, version },
    });
    return { version };
  });
}
