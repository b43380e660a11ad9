import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readerOrder } from '@/lib/study/reader-order';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { audit, reads, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { applyAssignment, assignmentState, previewAssignment } from './assignment';

function setup(readerCount: number, caseCount: number) {
  const t = makeTestDb();
  const study = makeStudy(t.db);
  const coordinator = makeUser(t.db, { role: 'coordinator' }).id;
  addMember(t.db, study.id, coordinator, 'coordinator');
  const readers = Array.from({ length: readerCount }, () => {
    const id = makeUser(t.db).id;
    addMember(t.db, study.id, id, 'reader');
    return id;
  });
  const caseIds = Array.from({ length: caseCount }, () => makeCase(t.db, study.id).id);
  const ctx = { actor: loadActor(t.db, coordinator)!, requestId: 't' };
  const sessionOne = () =>
    t.db
      .select({
        id: reads.id,
        caseId: reads.caseId,
        readerId: reads.readerId,
        orderIndex: reads.orderIndex,
        status: reads.status,
      })
      .from(reads)
      .where(and(eq(reads.studyId, study.id), eq(reads.session, 1)))
      .orderBy(asc(reads.id))
      .all();
  return { ...t, study, coordinator, readers, caseIds, ctx, sessionOne };
}

describe('assignmentState', () => {
  it('gives the coordinator the design, readers, cases and session-1 assignments; others get not found', () => {
    const { db, close, study, readers, caseIds, ctx } = setup(2, 3);
    makeRead(db, { studyId: study.id, caseId: caseIds[0]!, readerId: readers[0]! });
    makeRead(db, { studyId: study.id, caseId: caseIds[0]!, readerId: readers[0]!, session: 2 });
    const state = assignmentState(db, ctx.actor, study.id);
    expect(state.study).toMatchObject({ id: study.id, design: { kind: 'fully_crossed' }, readSessions: 1 });
    expect(state.readers.map((r) => r.id)).toEqual(readers);
    expect(state.cases.map((c) => c.id)).toEqual(caseIds);
    expect(state.existing).toEqual([{ caseId: caseIds[0], readerId: readers[0] }]);
    const reader = loadActor(db, readers[0]!)!;
    expect(() => assignmentState(db, reader, study.id)).toThrow('No such study');
    close();
  });
});

describe('applyAssignment', () => {
  it('creates one not-started session-1 read per planned assignment, in each reader’s seeded order', () => {
    const { db, close, study, readers, caseIds, ctx, sessionOne } = setup(3, 6);
    const preview = previewAssignment(db, ctx.actor, study.id, { kind: 'k_per_case', k: 2 });
    expect(preview.added).toHaveLength(12);
    expect(sessionOne()).toHaveLength(0);

    const result = applyAssignment(db, ctx, study.id, { kind: 'k_per_case', k: 2 });
    expect(result.created).toBe(12);
    expect(result.perReader.map((p) => p.total)).toEqual([4, 4, 4]);
    const rows = sessionOne();
    expect(rows.map(({ caseId, readerId }) => ({ caseId, readerId })).sort(byPair)).toEqual(
      [...preview.added].sort(byPair),
    );
    for (const readerId of readers) {
      const own = rows.filter((r) => r.readerId === readerId);
      const order = readerOrder(
        own.map((r) => r.caseId),
        { seed: study.seed, readerId, session: 1 },
      );
      for (const r of own) expect(r.orderIndex).toBe(order.get(r.caseId));
    }
    expect(db.select().from(reads).where(eq(reads.studyId, study.id)).all()).toSatisfy((all: unknown[]) =>
      all.every((r) => (r as { status: string; session: number }).status === 'not_started'),
    );
    expect(db.select({ design: studies.design }).from(studies).where(eq(studies.id, study.id)).get()).toEqual(
      {
        design: { kind: 'k_per_case', k: 2 },
      },
    );
    const entry = db.select().from(audit).where(eq(audit.action, 'study.assign')).get();
    expect(entry).toMatchObject({
      entity: 'study',
      entityId: String(study.id),
      oldValue: { design: { kind: 'fully_crossed' } },
      newValue: { design: { kind: 'k_per_case', k: 2 }, created: 12 },
    });
    expect(caseIds).toHaveLength(6);
    close();
  });

  it('extends to new cases and readers after existing reads, never touching them or duplicating', () => {
    const { db, close, study, readers, caseIds, ctx, sessionOne } = setup(2, 4);
    applyAssignment(db, ctx, study.id, { kind: 'fully_crossed' });
    const before = sessionOne();
    expect(before).toHaveLength(8);
    // A reader has started one read; the next assignment must leave it as it is.
    db.update(reads)
      .set({ status: 'draft', version: 1 })
      .where(and(eq(reads.caseId, caseIds[0]!), eq(reads.readerId, readers[0]!)))
      .run();

    const newCases = [makeCase(db, study.id).id, makeCase(db, study.id).id];
    const newReader = makeUser(db).id;
    addMember(db, study.id, newReader, 'reader');
    const plan = previewAssignment(db, ctx.actor, study.id, { kind: 'fully_crossed' });
    expect(plan.added).toHaveLength(2 * 2 + 6);
    const result = applyAssignment(db, ctx, study.id, { kind: 'fully_crossed' });
    expect(result.created).toBe(10);
    expect(result.perReader.map((p) => [p.existing, p.added, p.total])).toEqual([
      [4, 2, 6],
      [4, 2, 6],
      [0, 6, 6],
    ]);
    const after = sessionOne();
    expect(after).toHaveLength(18);
    expect(new Set(after.map((r) => `${r.caseId}:${r.readerId}`)).size).toBe(18);
    const old = after.slice(0, 8);
    expect(old.map((r) => [r.id, r.orderIndex])).toEqual(before.map((r) => [r.id, r.orderIndex]));
    expect(old.find((r) => r.caseId === caseIds[0] && r.readerId === readers[0])?.status).toBe('draft');
    for (const readerId of readers) {
      const added = after.filter((r) => r.readerId === readerId && newCases.includes(r.caseId));
      expect(added.map((r) => r.orderIndex).sort()).toEqual([5, 6]);
    }
    expect(
      after
        .filter((r) => r.readerId === newReader)
        .map((r) => r.orderIndex)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6]);

    // Nothing left: a second confirmation creates nothing and records nothing.
    expect(applyAssignment(db, ctx, study.id, { kind: 'fully_crossed' }).created).toBe(0);
    expect(db.select().from(audit).where(eq(audit.action, 'study.assign')).all()).toHaveLength(2);
    close();
  });

  it('fixes the kind once reads exist but lets k change for new cases', () => {
    const { db, close, study, ctx, sessionOne } = setup(4, 4);
    applyAssignment(db, ctx, study.id, { kind: 'k_per_case', k: 2 });
    expect(() => applyAssignment(db, ctx, study.id, { kind: 'fully_crossed' })).toThrow(
      'The design is fixed once reads exist',
    );
    expect(() => previewAssignment(db, ctx.actor, study.id, { kind: 'fully_crossed' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    for (let i = 0; i < 3; i++) makeCase(db, study.id);
    const plan = previewAssignment(db, ctx.actor, study.id, { kind: 'k_per_case', k: 3 });
    expect(plan.warnings).toContain(
      'k was raised from 2 to 3: it applies to new cases; cases already read keep their readers.',
    );
    expect(plan.perReader.reduce((n, p) => n + p.added, 0)).toBe(9);
    const result = applyAssignment(db, ctx, study.id, { kind: 'k_per_case', k: 3 });
    expect(result.created).toBe(9);
    const perCase = new Map<number, number>();
    for (const r of sessionOne()) perCase.set(r.caseId, (perCase.get(r.caseId) ?? 0) + 1);
    expect([...perCase.values()]).toEqual([2, 2, 2, 2, 3, 3, 3]);
    // Lowering k is fine too; it only affects cases still to come.
    makeCase(db, study.id);
    expect(applyAssignment(db, ctx, study.id, { kind: 'k_per_case', k: 1 }).created).toBe(1);
    close();
  });

  it('keeps the anchor cases drawn at the first assignment', () => {
    const { db, close, study, ctx, caseIds } = setup(3, 8);
    applyAssignment(db, ctx, study.id, { kind: 'anchor', k: 1, anchorCount: 2 });
    const stored = db.select({ design: studies.design }).from(studies).where(eq(studies.id, study.id)).get()!
      .design as { anchorCaseIds: number[] };
    expect(stored.anchorCaseIds).toHaveLength(2);
    expect(stored.anchorCaseIds.every((id) => caseIds.includes(id))).toBe(true);
    makeCase(db, study.id);
    // A different count (or ids sent by the page) cannot move the anchors once reads exist.
    const plan = previewAssignment(db, ctx.actor, study.id, {
      kind: 'anchor',
      k: 1,
      anchorCount: 5,
      anchorCaseIds: [caseIds[7]!],
    });
    expect(plan.design).toEqual({
      kind: 'anchor',
      k: 1,
      anchorCount: 2,
      anchorCaseIds: stored.anchorCaseIds,
    });
    expect(plan.added).toHaveLength(1);
    close();
  });

  it('refuses non-coordinators and closed studies', () => {
    const { db, close, study, readers, ctx } = setup(1, 1);
    const reader = { actor: loadActor(db, readers[0]!)!, requestId: 't' };
    expect(() => applyAssignment(db, reader, study.id, { kind: 'fully_crossed' })).toThrow('No such study');
    db.update(studies).set({ status: 'closed' }).where(eq(studies.id, study.id)).run();
    expect(() => applyAssignment(db, ctx, study.id, { kind: 'fully_crossed' })).toThrow('closed');
    close();
  });
});

const byPair = (x: { caseId: number; readerId: string }, y: { caseId: number; readerId: string }) =>
  x.caseId - y.caseId || x.readerId.localeCompare(y.readerId);
