import { and, asc, eq, max, sql } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { planAssignment, type Assignment, type DesignPlan } from '@/lib/study/design';
import { ZAssignmentDesign, type AssignmentDesign } from '@/lib/study/design-types';
import { readerOrder } from '@/lib/study/reader-order';
import type { Db } from '../client';
import { cases, reads, studies, studyMembers, users } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

export type AssignmentReader = { id: string; name: string; disabled: boolean };

/** What assignment works from: the study's design, its readers and cases, and who already reads what. */
export type AssignmentState = {
  study: {
    id: number;
    design: AssignmentDesign;
    seed: number;
    readSessions: number;
    status: 'draft' | 'active' | 'closed';
  };
  /** Reader members, in the order they joined the study. */
  readers: AssignmentReader[];
  /** Cases by id. */
  cases: { id: number; label: string }[];
  /** Session-1 assignments: one entry per case and reader holding a session-1 read. */
  existing: Assignment[];
};

export const DESIGN_FIXED_MESSAGE = 'The design is fixed once reads exist; new cases and readers extend it';

function assertManager(actor: Actor, studyId: number) {
  if (!can(actor, 'study.manage', { studyId })) throw new AppError('not_found', 'No such study');
}

function loadState(db: Db | Tx, studyId: number): AssignmentState {
  const study = db
    .select({
      id: studies.id,
      design: studies.design,
      seed: studies.seed,
      readSessions: studies.readSessions,
      status: studies.status,
    })
    .from(studies)
    .where(eq(studies.id, studyId))
    .get();
  if (!study) throw new AppError('not_found', 'No such study');
  const design = ZAssignmentDesign.safeParse(study.design);
  const readers = db
    .select({ id: users.id, name: users.name, disabledAt: users.disabledAt })
    .from(studyMembers)
    .innerJoin(users, eq(users.id, studyMembers.userId))
    .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'reader')))
    // Join order: the insert order (rowid) breaks ties between members added in the same millisecond.
    .orderBy(asc(studyMembers.createdAt), sql`${studyMembers}.rowid`)
    .all()
    .map((r) => ({ id: r.id, name: r.name, disabled: r.disabledAt !== null }));
  const caseRows = db
    .select({ id: cases.id, label: cases.label })
    .from(cases)
    .where(eq(cases.studyId, studyId))
    .orderBy(asc(cases.id))
    .all();
  const existing = db
    .selectDistinct({ caseId: reads.caseId, readerId: reads.readerId })
    .from(reads)
    .where(and(eq(reads.studyId, studyId), eq(reads.session, 1)))
    .orderBy(asc(reads.caseId), asc(reads.readerId))
    .all();
  return {
    study: { ...study, design: design.success ? design.data : { kind: 'fully_crossed' } },
    readers,
    cases: caseRows,
    existing,
  };
}

/** The study's assignment state for its coordinator (study.manage, else not found). */
export function assignmentState(db: Db, actor: Actor, studyId: number): AssignmentState {
  assertManager(actor, studyId);
  return loadState(db, studyId);
}

/**
 * The design to plan with. Once reads exist the kind is fixed (k may change; it only affects
 * new cases) and an anchor design keeps the anchor cases it drew; before that, any design goes
 * and anchors are drawn afresh.
 */
export function resolveDesign(state: AssignmentState, requested: AssignmentDesign): AssignmentDesign {
  const stored = state.study.design;
  const started = state.existing.length > 0;
  if (started && requested.kind !== stored.kind) throw new AppError('conflict', DESIGN_FIXED_MESSAGE);
  if (requested.kind !== 'anchor') return requested;
  const { anchorCaseIds: _ignored, ...rest } = requested;
  if (started && stored.kind === 'anchor' && stored.anchorCaseIds)
    return { ...rest, anchorCount: stored.anchorCount, anchorCaseIds: stored.anchorCaseIds };
  return rest;
}

/**
 * Plans a design against a loaded state, extending the existing assignments. A k raised after
 * reads exist applies to new cases only: cases already read keep their readers (topped up to
 * the earlier k at most, e.g. after a reader left).
 */
export function planForState(state: AssignmentState, requested: AssignmentDesign): DesignPlan {
  const design = resolveDesign(state, requested);
  const readerIds = state.readers.map((r) => r.id);
  const plan = planAssignment({
    design,
    caseIds: state.cases.map((c) => c.id),
    readerIds,
    seed: state.study.seed,
    existing: state.existing,
  });
  const stored = state.study.design;
  if (state.existing.length === 0 || design.kind === 'fully_crossed' || stored.kind === 'fully_crossed')
    return plan;
  if (design.k <= stored.k) return plan;
  return keepEarlierK(plan, readerIds, state.existing, stored.k, design.k);
}

/** Drops the new assignments that would lift cases already read above the earlier k, then recounts. */
function keepEarlierK(
  plan: DesignPlan,
  readerIds: string[],
  existing: readonly Assignment[],
  earlierK: number,
  k: number,
): DesignPlan {
  const readerSet = new Set(readerIds);
  const members = new Map<number, string[]>();
  const seat = (a: Assignment) => members.set(a.caseId, [...(members.get(a.caseId) ?? []), a.readerId]);
  for (const a of existing) if (readerSet.has(a.readerId)) seat(a);
  const started = new Set(existing.map((a) => a.caseId));
  const anchors = new Set(plan.design.kind === 'anchor' ? (plan.design.anchorCaseIds ?? []) : []);
  const cap = Math.min(earlierK, readerIds.length);
  const added: Assignment[] = [];
  let held = 0;
  for (const a of plan.added) {
    if (started.has(a.caseId) && !anchors.has(a.caseId) && (members.get(a.caseId)?.length ?? 0) >= cap) {
      held++;
      continue;
    }
    added.push(a);
    seat(a);
  }
  if (held === 0) return plan;

  const addedBy = new Map<string, number>();
  for (const a of added) addedBy.set(a.readerId, (addedBy.get(a.readerId) ?? 0) + 1);
  const perReader = plan.perReader.map((p) => {
    const n = addedBy.get(p.readerId) ?? 0;
    return { ...p, added: n, total: p.existing + n };
  });
  const index = new Map(readerIds.map((id, i) => [id, i]));
  const R = readerIds.length;
  const shared = new Int32Array(R * R);
  for (const list of members.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = index.get(list[i]!)!;
        const b = index.get(list[j]!)!;
        shared[Math.min(a, b) * R + Math.max(a, b)]!++;
      }
  const pairOverlap: DesignPlan['pairOverlap'] = [];
  for (let a = 0; a < R; a++)
    for (let b = a + 1; b < R; b++)
      pairOverlap.push({ a: readerIds[a]!, b: readerIds[b]!, cases: shared[a * R + b]! });
  const uncoveredPairs = pairOverlap.filter((p) => p.cases === 0).length;

  const warnings = plan.warnings.filter((w) => !/ no case|^Reader loads range/.test(w));
  warnings.push(
    `k was raised from ${earlierK} to ${k}: it applies to new cases; cases already read keep their readers.`,
  );
  if (uncoveredPairs > 0)
    warnings.push(
      `${uncoveredPairs} reader ${uncoveredPairs === 1 ? 'pair shares' : 'pairs share'} no case: add cases or raise k.`,
    );
  const totals = perReader.map((p) => p.total);
  if (R > 0 && Math.max(...totals) - Math.min(...totals) > 1)
    warnings.push(
      `Reader loads range from ${Math.min(...totals)} to ${Math.max(...totals)} cases: earlier assignments were uneven, and new cases go to the least-loaded readers first.`,
    );
  return { ...plan, added, perReader, pairOverlap, uncoveredPairs, warnings };
}

/** What applying a design would do, for the coordinator's preview. Changes nothing. */
export function previewAssignment(
  db: Db,
  actor: Actor,
  studyId: number,
  design: AssignmentDesign,
): DesignPlan {
  return planForState(assignmentState(db, actor, studyId), design);
}

const INSERT_CHUNK = 500;

/**
 * Applies a design in one transaction: plans against the current state, creates a session-1
 * read (not started) for every new assignment and stores the design (with its anchor cases).
 * A reader's new reads come after their existing session-1 reads, in the reader's seeded
 * order; existing reads are never changed. Re-reads (session 2) are scheduled when a reader
 * finishes session 1, not here. Nothing new to assign changes nothing.
 */
export function applyAssignment(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  design: AssignmentDesign,
): { created: number; perReader: DesignPlan['perReader'] } {
  assertManager(ctx.actor, studyId);
  return immediate(db, (tx) => {
    const state = loadState(tx, studyId);
    if (state.study.status === 'closed')
      throw new AppError('conflict', 'The study is closed; no reads can be assigned');
    const plan = planForState(state, design);
    if (plan.added.length === 0) return { created: 0, perReader: plan.perReader };

    const lastIndex = new Map(
      tx
        .select({ readerId: reads.readerId, last: max(reads.orderIndex) })
        .from(reads)
        .where(and(eq(reads.studyId, studyId), eq(reads.session, 1)))
        .groupBy(reads.readerId)
        .all()
        .map((r) => [r.readerId, r.last ?? 0]),
    );
    const byReader = new Map<string, number[]>();
    for (const a of plan.added) byReader.set(a.readerId, [...(byReader.get(a.readerId) ?? []), a.caseId]);
    const now = ctx.now ?? new Date();
    const values: (typeof reads.$inferInsert)[] = [];
    for (const [readerId, caseIds] of byReader) {
      const base = lastIndex.get(readerId) ?? 0;
      const order = readerOrder(caseIds, { seed: state.study.seed, readerId, session: 1 });
      for (const caseId of caseIds)
        values.push({
          studyId,
          caseId,
          readerId,
          session: 1,
          status: 'not_started',
          orderIndex: base + order.get(caseId)!,
          createdAt: now,
          updatedAt: now,
        });
    }
    for (let i = 0; i < values.length; i += INSERT_CHUNK)
      tx.insert(reads)
        .values(values.slice(i, i + INSERT_CHUNK))
        .run();
    tx.update(studies).set({ design: plan.design, updatedAt: now }).where(eq(studies.id, studyId)).run();
    appendAudit(tx, ctx, {
      action: 'study.assign',
      entity: 'study',
      entityId: studyId,
      oldValue: { design: state.study.design },
      newValue: {
        design: plan.design,
        created: values.length,
        perReader: plan.perReader.map(({ readerId, existing, added, total }) => ({
          readerId,
          existing,
          added,
          total,
        })),
      },
    });
    return { created: values.length, perReader: plan.perReader };
  });
}
