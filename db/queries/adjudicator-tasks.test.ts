import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../client';
import { addMember, makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { adjudicationTasks, answers, audit, consensus, reads, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import {
  adjudicationTaskForAdjudicator,
  listMyAdjudicationTasks,
  pseudonymOrder,
  saveConsensus,
} from './adjudicator-tasks';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let caseId: number;
let taskId: number;
let adjudicator: string;
let otherAdjudicator: string;
let admin: string;
let readerIds: string[];

const TRIGGERS = [
  { featureId: 'F4', path: 'F4', reason: 'The readers chose different grades' },
  { featureId: 'F29', path: 'F29', reason: 'The sizes differ by more than 5 mm' },
  { featureId: 'F1', path: 'F1', reason: 'The readers chose different locations' },
];

const as = (id: string) => loadActor(db, id)!;
const ctxFor = (id: string) => ({ actor: as(id), requestId: 'test' });

function makeTask(input: {
  caseId: number;
  adjudicatorId: string | null;
  status?: 'open' | 'done' | 'withdrawn';
  study?: number;
}) {
  return db
    .insert(adjudicationTasks)
    .values({
      studyId: input.study ?? studyId,
      caseId: input.caseId,
      adjudicatorId: input.adjudicatorId,
      status: input.status ?? 'open',
      triggers: TRIGGERS,
      decidedAt: input.status === 'done' ? new Date() : null,
    })
    .returning()
    .get().id;
}

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  studyId = makeStudy(db, { name: 'Glioma VASARI', lexicon: 'vasari' }).id;
  adjudicator = makeUser(db, { role: 'adjudicator', name: 'Dr Adjudicator' }).id;
  otherAdjudicator = makeUser(db, { role: 'adjudicator' }).id;
  admin = makeUser(db, { role: 'admin' }).id;
  addMember(db, studyId, adjudicator, 'adjudicator');
  addMember(db, studyId, otherAdjudicator, 'adjudicator');
  readerIds = [0, 1, 2].map(
    (i) => makeUser(db, { name: `Radiologist ${i}`, email: `rad${i}@example.org` }).id,
  );
  for (const r of readerIds) addMember(db, studyId, r, 'reader');
  caseId = makeCase(db, studyId, { subjectId: 'TCGA-SECRET-0001' }).id;
  const given: Record<string, unknown>[] = [
    { F4: 'none', F29: 30.5, F1: ['frontal'], F2: 'right' },
    { F4: 'marked', F29: 41, F1: ['frontal', 'temporal'], F2: 'right' },
    { F4: 'mild', F1: ['temporal'], F2: 'left' },
  ];
  readerIds.forEach((readerId, i) => {
    const read = makeRead(db, { studyId, caseId, readerId, status: 'submitted' });
    for (const [path, value] of Object.entries(given[i]!)) makeAnswer(db, read.id, path, value);
  });
  // A re-read and a draft are not shown.
  const reread = makeRead(db, { studyId, caseId, readerId: readerIds[0]!, session: 2, status: 'submitted' });
  makeAnswer(db, reread.id, 'F4', 'indeterminate');
  const draftReader = makeUser(db).id;
  addMember(db, studyId, draftReader, 'reader');
  const draft = makeRead(db, { studyId, caseId, readerId: draftReader, status: 'draft' });
  makeAnswer(db, draft.id, 'F4', 'no_contrast');
  taskId = makeTask({ caseId, adjudicatorId: adjudicator });
});
afterEach(() => t.close());

describe('listMyAdjudicationTasks', () => {
  it("lists the actor's own open tasks first, then done ones, never withdrawn or others'", () => {
    const done = makeTask({ caseId: makeCase(db, studyId).id, adjudicatorId: adjudicator, status: 'done' });
    makeTask({ caseId: makeCase(db, studyId).id, adjudicatorId: adjudicator, status: 'withdrawn' });
    makeTask({ caseId: makeCase(db, studyId).id, adjudicatorId: otherAdjudicator });
    makeTask({ caseId: makeCase(db, studyId).id, adjudicatorId: null });
    const rows = listMyAdjudicationTasks(db, as(adjudicator));
    expect(rows.map((r) => [r.taskId, r.status])).toEqual([
      [taskId, 'open'],
      [done, 'done'],
    ]);
    expect(rows[0]).toMatchObject({ studyName: 'Glioma VASARI', features: 3, decidedAt: null });
    expect(rows[1]?.decidedAt).toBeInstanceOf(Date);
    expect(listMyAdjudicationTasks(db, as(admin))).toEqual([]);
    expect(listMyAdjudicationTasks(db, as(readerIds[0]!))).toEqual([]);
  });

  it('drops tasks of a study the actor no longer adjudicates', () => {
    const other = makeStudy(db).id;
    makeTask({ caseId: makeCase(db, other).id, adjudicatorId: adjudicator, study: other });
    expect(listMyAdjudicationTasks(db, as(adjudicator)).map((r) => r.taskId)).toEqual([taskId]);
  });
});

describe('adjudicationTaskForAdjudicator', () => {
  it('shows the triggered paths with pseudonymous session-1 answers and no reader identity', () => {
    const view = adjudicationTaskForAdjudicator(db, as(adjudicator), taskId)!;
    expect(view.task).toMatchObject({ id: taskId, version: 0, status: 'open' });
    expect(view.study.name).toBe('Glioma VASARI');
    expect(view.readers).toEqual(['Reader 1', 'Reader 2', 'Reader 3']);
    expect(view.caseMetadata).toBeNull();
    expect(view.lexiconKey).toBe('vasari');
    expect(view.triggered.map((p) => [p.path, p.label, p.reason])).toEqual([
      ['F4', 'Enhancement quality', TRIGGERS[0]!.reason],
      ['F29', 'Lesion size: longest diameter', TRIGGERS[1]!.reason],
      ['F1', 'Tumour location', TRIGGERS[2]!.reason],
    ]);
    // Labels follow the per-task order, not account order.
    const order = pseudonymOrder(taskId, readerIds);
    const slot = (i: number) => order.indexOf(readerIds[i]!);
    const f4 = view.triggered[0]!.answers;
    expect(f4[slot(0)]).toBe('none');
    expect(f4[slot(1)]).toBe('marked');
    expect(f4[slot(2)]).toBe('mild');
    expect(view.triggered[1]!.answers[slot(2)]).toBeNull();
    expect(view.triggered.every((p) => p.consensus === null)).toBe(true);
    expect(view.features.F4).toMatchObject({
      type: 'ordinal',
      options: expect.arrayContaining([{ code: 'marked', label: 'Marked / avid', exclusive: false }]),
    });
    expect(view.features.F29).toMatchObject({ unit: 'mm', min: 0, max: 300, decimals: 1 });
    expect(view.context.map((c) => c.path)).toEqual(['F2']);
    expect(view.context[0]!.answers[slot(2)]).toBe('left');

    const payload = JSON.stringify(view);
    for (const id of readerIds) expect(payload).not.toContain(id);
    for (const text of ['Radiologist', 'rad0@', 'TCGA-SECRET']) expect(payload).not.toContain(text);
    // Neither the re-read nor the draft reader's answers appear.
    expect(f4).toHaveLength(3);
  });

  it('counts the first-session reads not submitted (a reopened read), without showing them', () => {
    const view = adjudicationTaskForAdjudicator(db, as(adjudicator), taskId)!;
    expect(view.readers).toHaveLength(3);
    expect(view.readsPending).toBe(1);
  });

  it('orders readers differently from task to task, stably', () => {
    expect(pseudonymOrder(taskId, readerIds)).toEqual(pseudonymOrder(taskId, [...readerIds].reverse()));
    const orders = new Set(Array.from({ length: 20 }, (_, i) => pseudonymOrder(i + 1, readerIds).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('shows case metadata only when the study shows it', () => {
    db.update(studies).set({ showCaseMetadata: true }).where(eq(studies.id, studyId)).run();
    expect(adjudicationTaskForAdjudicator(db, as(adjudicator), taskId)?.caseMetadata).toHaveProperty('age');
  });

  it('is null for anyone but the assigned adjudicator, and for withdrawn tasks', () => {
    expect(adjudicationTaskForAdjudicator(db, as(otherAdjudicator), taskId)).toBeNull();
    expect(adjudicationTaskForAdjudicator(db, as(admin), taskId)).toBeNull();
    expect(adjudicationTaskForAdjudicator(db, as(readerIds[0]!), taskId)).toBeNull();
    expect(adjudicationTaskForAdjudicator(db, as(adjudicator), 9999)).toBeNull();
    db.update(adjudicationTasks).set({ status: 'withdrawn' }).where(eq(adjudicationTasks.id, taskId)).run();
    expect(adjudicationTaskForAdjudicator(db, as(adjudicator), taskId)).toBeNull();
  });
});

describe('saveConsensus', () => {
  const stored = () =>
    db
      .select({ path: consensus.featurePath, value: consensus.value, comment: consensus.comment })
      .from(consensus)
      .where(eq(consensus.caseId, caseId))
      .all()
      .sort((a, b) => a.path.localeCompare(b.path));

  it('saves values with comments, audits each change, then completes; reads are untouched', () => {
    const answersBefore = db.select().from(answers).all();
    const readsBefore = db.select().from(reads).all();
    expect(
      saveConsensus(db, ctxFor(adjudicator), {
        taskId,
        version: 0,
        values: [
          { path: 'F4', value: 'mild', comment: '  Subtle rim on the post-contrast series  ' },
          { path: 'F29', value: 36.5 },
        ],
        complete: false,
      }),
    ).toEqual({ version: 1, status: 'open' });
    expect(stored()).toEqual([
      { path: 'F29', value: 36.5, comment: null },
      { path: 'F4', value: 'mild', comment: 'Subtle rim on the post-contrast series' },
    ]);
    const view = adjudicationTaskForAdjudicator(db, as(adjudicator), taskId)!;
    expect(view.triggered[0]!.consensus).toEqual({
      value: 'mild',
      comment: 'Subtle rim on the post-contrast series',
    });

    expect(() =>
      saveConsensus(db, ctxFor(adjudicator), { taskId, version: 1, values: [], complete: true }),
    ).toThrow('Set a consensus value for every feature');
    expect(
      saveConsensus(db, ctxFor(adjudicator), {
        taskId,
        version: 1,
        values: [
          { path: 'F4', value: 'marked' },
          { path: 'F29', value: 36.5 },
          { path: 'F1', value: ['frontal', 'temporal'] },
        ],
        complete: true,
      }),
    ).toEqual({ version: 2, status: 'done' });
    const task = db.select().from(adjudicationTasks).where(eq(adjudicationTasks.id, taskId)).get()!;
    expect(task).toMatchObject({ status: 'done', version: 2 });
    expect(task.decidedAt).toBeInstanceOf(Date);
    const row = db.select().from(consensus).where(eq(consensus.featurePath, 'F4')).get();
    expect(row).toMatchObject({ value: 'marked', method: 'adjudication', adjudicatorId: adjudicator });

    const log = db.select().from(audit).where(eq(audit.entity, 'adjudication_task')).all();
    expect(log.map((a) => a.action)).toEqual([
      'consensus.set',
      'consensus.set',
      'consensus.set',
      'consensus.set',
      'adjudication.task.complete',
    ]);
    expect(log[2]).toMatchObject({
      actorId: adjudicator,
      oldValue: { path: 'F4', value: 'mild', comment: 'Subtle rim on the post-contrast series' },
      newValue: { path: 'F4', value: 'marked', comment: null },
    });
    expect(log[0]).toMatchObject({ oldValue: null });

    expect(db.select().from(answers).all()).toEqual(answersBefore);
    expect(db.select().from(reads).all()).toEqual(readsBefore);

    expect(() =>
      saveConsensus(db, ctxFor(adjudicator), {
        taskId,
        version: 2,
        values: [{ path: 'F4', value: 'none' }],
        complete: false,
      }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('refuses a stale version with a conflict', () => {
    saveConsensus(db, ctxFor(adjudicator), {
      taskId,
      version: 0,
      values: [{ path: 'F4', value: 'mild' }],
      complete: false,
    });
    expect(() =>
      saveConsensus(db, ctxFor(adjudicator), {
        taskId,
        version: 0,
        values: [{ path: 'F4', value: 'none' }],
        complete: false,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: 'This task changed since you loaded it; reload it',
      }),
    );
    expect(stored()).toEqual([{ path: 'F4', value: 'mild', comment: null }]);
  });

  it('refuses values that do not fit the feature, keyed by path, and saves nothing', () => {
    let error: unknown;
    try {
      saveConsensus(db, ctxFor(adjudicator), {
        taskId,
        version: 0,
        values: [
          { path: 'F4', value: 'purple' },
          { path: 'F29', value: 400 },
          { path: 'F1', value: ['frontal', 'temporal', 'insula'] },
          { path: 'F2', value: 'right' },
        ],
        complete: false,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'invalid' });
    const fieldErrors = (error as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(['F1', 'F2', 'F29', 'F4']);
    expect(fieldErrors.F29?.[0]).toMatch(/from 0 to 300/);
    expect(fieldErrors.F1?.[0]).toMatch(/at most 2/);
    expect(fieldErrors.F2?.[0]).toMatch(/not part of this task/);
    expect(() =>
      saveConsensus(db, ctxFor(adjudicator), {
        taskId,
        version: 0,
        values: [{ path: 'F29', value: '36' }],
        complete: false,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(stored()).toEqual([]);
    expect(db.select().from(adjudicationTasks).get()?.version).toBe(0);
  });

  it('clears a value given as null, audited', () => {
    saveConsensus(db, ctxFor(adjudicator), {
      taskId,
      version: 0,
      values: [{ path: 'F4', value: 'mild' }],
      complete: false,
    });
    saveConsensus(db, ctxFor(adjudicator), {
      taskId,
      version: 1,
      values: [{ path: 'F4', value: null }],
      complete: false,
    });
    expect(stored()).toEqual([]);
    const last = db.select().from(audit).where(eq(audit.action, 'consensus.set')).all().at(-1);
    expect(last).toMatchObject({ newValue: { path: 'F4', value: null } });
  });

  it('lets only the assigned adjudicator of the study save', () => {
    const input = { taskId, version: 0, values: [{ path: 'F4', value: 'mild' }], complete: false };
    for (const who of [otherAdjudicator, admin, readerIds[0]!])
      expect(() => saveConsensus(db, ctxFor(who), input)).toThrow(
        expect.objectContaining({ code: 'not_found' }),
      );
    db.update(adjudicationTasks).set({ status: 'withdrawn' }).where(eq(adjudicationTasks.id, taskId)).run();
    expect(() => saveConsensus(db, ctxFor(adjudicator), input)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(stored()).toEqual([]);
  });
});
