import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import type { FormModel } from '@/lib/lexicon/form-model';
import { caseTriggers } from '@/lib/study/adjudication';
import {
  ZAdjudicationConfig,
  type AdjudicationRule,
  type AdjudicationTrigger,
} from '@/lib/study/adjudication-config';
import type { Db } from '../client';
import { adjudicationTasks, answers, cases, consensus, reads, studies, studyMembers, users } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';
import { studyModel } from './study-model';

export type RefreshCounts = { created: number; updated: number; withdrawn: number };

/** What one refresh did to a case's task. A withdrawn task that triggers again counts as created. */
type Outcome = 'created' | 'updated' | 'withdrawn' | null;

/** The study's adjudication rules as stored; a malformed value counts as no rules. */
function studyRules(tx: Tx, studyId: number): AdjudicationRule[] {
  const row = tx
    .select({ adjudication: studies.adjudication })
    .from(studies)
    .where(eq(studies.id, studyId))
    .get();
  const parsed = ZAdjudicationConfig.safeParse(row?.adjudication);
  return parsed.success ? parsed.data.rules : [];
}

/**
 * The adjudicator a new task goes to: among the study's adjudicators (enabled accounts), the
 * one with the fewest open tasks in the study, ties by user id; null when the study has none.
 */
function pickAdjudicator(tx: Tx, studyId: number): string | null {
  const candidates = tx
    .select({ id: studyMembers.userId })
    .from(studyMembers)
    .innerJoin(users, eq(users.id, studyMembers.userId))
    .where(
      and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'adjudicator'), isNull(users.disabledAt)),
    )
    .orderBy(asc(studyMembers.userId))
    .all()
    .map((r) => r.id);
  if (!candidates.length) return null;
  const load = new Map(
    tx
      .select({ id: adjudicationTasks.adjudicatorId, n: count() })
      .from(adjudicationTasks)
      .where(
        and(
          eq(adjudicationTasks.studyId, studyId),
          eq(adjudicationTasks.status, 'open'),
          inArray(adjudicationTasks.adjudicatorId, candidates),
        ),
      )
      .groupBy(adjudicationTasks.adjudicatorId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  let best = candidates[0]!;
  for (const id of candidates) {
    const n = load.get(id) ?? 0;
    const bestN = load.get(best) ?? 0;
    if (n < bestN || (n === bestN && id < best)) best = id;
  }
  return best;
}

function isAdjudicatorOf(tx: Tx, studyId: number, userId: string): boolean {
  return !!tx
    .select({ id: studyMembers.userId })
    .from(studyMembers)
    .innerJoin(users, eq(users.id, studyMembers.userId))
    .where(
      and(
        eq(studyMembers.studyId, studyId),
        eq(studyMembers.userId, userId),
        eq(studyMembers.role, 'adjudicator'),
        isNull(users.disabledAt),
      ),
    )
    .get();
}

/**
 * The session-1 answers of a case when all of its first-session reads are submitted and there
 * are at least two of them; otherwise null (the case is not ready for adjudication).
 */
function firstSessionAnswers(
  tx: Tx,
  studyId: number,
  caseId: number,
): { readerId: string; path: string; value: AnswerValue }[] | null {
  const firstReads = tx
    .select({ id: reads.id, readerId: reads.readerId, status: reads.status })
    .from(reads)
    .where(and(eq(reads.studyId, studyId), eq(reads.caseId, caseId), eq(reads.session, 1)))
    .all();
  if (firstReads.length < 2 || firstReads.some((r) => r.status !== 'submitted')) return null;
  const readerOf = new Map(firstReads.map((r) => [r.id, r.readerId]));
  return tx
    .select({ readId: answers.readId, path: answers.featurePath, value: answers.value })
    .from(answers)
    .where(inArray(answers.readId, [...readerOf.keys()]))
    .all()
    .map((a) => ({ readerId: readerOf.get(a.readId)!, path: a.path, value: a.value as AnswerValue }));
}

const sameTriggers = (a: unknown, b: AdjudicationTrigger[]) => JSON.stringify(a) === JSON.stringify(b);

/** Brings one case's task in line with its readers' first-session answers and the rules. */
function refreshCase(
  tx: Tx,
  ctx: ChangeContext,
  studyId: number,
  caseId: number,
  model: FormModel,
  rules: AdjudicationRule[],
): Outcome {
  const task = tx.select().from(adjudicationTasks).where(eq(adjudicationTasks.caseId, caseId)).get();
  // A study without rules has nothing to adjudicate; only a task left from earlier rules needs a look.
  if (!rules.length && !task) return null;
  if (task && (task.status === 'done' || task.studyId !== studyId)) return null;
  const caseAnswers = firstSessionAnswers(tx, studyId, caseId);
  if (!caseAnswers) return null;
  const triggers = rules.length ? caseTriggers(model, rules, caseAnswers) : [];
  const now = ctx.now ?? new Date();

  if (!task) {
    if (!triggers.length) return null;
    const adjudicatorId = pickAdjudicator(tx, studyId);
    const row = tx
      .insert(adjudicationTasks)
      .values({ studyId, caseId, adjudicatorId, status: 'open', triggers, createdAt: now, updatedAt: now })
      .returning({ id: adjudicationTasks.id })
      .get();
    appendAudit(tx, ctx, {
      action: 'adjudication.task.create',
      entity: 'adjudication_task',
      entityId: row.id,
      newValue: { caseId, adjudicatorId, triggers },
    });
    return 'created';
  }

  const version = task.version + 1;
  if (task.status === 'withdrawn') {
    if (!triggers.length) return null;
    const adjudicatorId =
      task.adjudicatorId && isAdjudicatorOf(tx, studyId, task.adjudicatorId)
        ? task.adjudicatorId
        : pickAdjudicator(tx, studyId);
    tx.update(adjudicationTasks)
      .set({ status: 'open', triggers, adjudicatorId, version, updatedAt: now })
      .where(eq(adjudicationTasks.id, task.id))
      .run();
    appendAudit(tx, ctx, {
      action: 'adjudication.task.reopen',
      entity: 'adjudication_task',
      entityId: task.id,
      oldValue: { status: 'withdrawn', adjudicatorId: task.adjudicatorId, triggers: task.triggers },
      newValue: { status: 'open', adjudicatorId, triggers, version },
    });
    return 'created';
  }

  // An open task.
  if (!triggers.length) {
    const decided = tx
      .select({ id: consensus.id })
      .from(consensus)
      .where(eq(consensus.caseId, caseId))
      .limit(1)
      .get();
    if (!decided) {
      tx.update(adjudicationTasks)
        .set({ status: 'withdrawn', version, updatedAt: now })
        .where(eq(adjudicationTasks.id, task.id))
        .run();
      appendAudit(tx, ctx, {
        action: 'adjudication.task.withdraw',
        entity: 'adjudication_task',
        entityId: task.id,
        oldValue: { status: 'open', triggers: task.triggers },
        newValue: { status: 'withdrawn', version },
      });
      return 'withdrawn';
    }
  }
  // An open task waiting without an adjudicator gets one as soon as the study has any.
  const adjudicatorId = task.adjudicatorId ?? pickAdjudicator(tx, studyId);
  const changedTriggers = !sameTriggers(task.triggers, triggers);
  if (!changedTriggers && adjudicatorId === task.adjudicatorId) return null;
  tx.update(adjudicationTasks)
    .set({ triggers, adjudicatorId, version, updatedAt: now })
    .where(eq(adjudicationTasks.id, task.id))
    .run();
  appendAudit(tx, ctx, {
    action: 'adjudication.task.update',
    entity: 'adjudication_task',
    entityId: task.id,
    oldValue: { adjudicatorId: task.adjudicatorId, triggers: task.triggers },
    newValue: { adjudicatorId, triggers, version },
  });
  return 'updated';
}

/**
 * Creates, updates or withdraws the adjudication task of one case, inside the caller's
 * transaction (right after a read is submitted, or after the rules change). Nothing happens
 * until every first-session read of the case is submitted and there are at least two; a done
 * task is never touched. Reads and answers are only read, never changed.
 */
export function refreshCaseAdjudication(
  tx: Tx,
  ctx: ChangeContext,
  studyId: number,
  caseId: number,
  /** The study's form model when the caller has it already (a submit has just built it). */
  known?: FormModel,
): void {
  const model = known ?? studyModel(tx, studyId);
  if (!model) return;
  refreshCase(tx, ctx, studyId, caseId, model, studyRules(tx, studyId));
}

/** Refreshes every case of a study inside the caller's transaction; the counts of what changed. */
export function refreshStudyCases(tx: Tx, ctx: ChangeContext, studyId: number): RefreshCounts {
  const counts: RefreshCounts = { created: 0, updated: 0, withdrawn: 0 };
  const model = studyModel(tx, studyId);
  if (!model) return counts;
  const rules = studyRules(tx, studyId);
  const caseIds = tx
    .select({ id: cases.id })
    .from(cases)
    .where(eq(cases.studyId, studyId))
    .orderBy(asc(cases.id))
    .all();
  for (const { id } of caseIds) {
    const outcome = refreshCase(tx, ctx, studyId, id, model, rules);
    if (outcome) counts[outcome] += 1;
  }
  return counts;
}

/**
 * Re-evaluates every case of a study in one BEGIN IMMEDIATE transaction (the coordinator's
 * "Re-evaluate all cases"). The caller checks access.
 */
export function refreshStudyAdjudication(db: Db, ctx: ChangeContext, studyId: number): RefreshCounts {
  return immediate(db, (tx) => refreshStudyCases(tx, ctx, studyId));
}
