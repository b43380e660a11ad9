import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdjudicationRule } from '@/lib/study/adjudication-config';
import type { Db } from '../client';
import { addMember, makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { adjudicationTasks, answers, audit, consensus, reads, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { immediate } from '../tx';
import { loadActor } from './actors';
import { refreshCaseAdjudication, refreshStudyAdjudication } from './adjudication-refresh';
import { studyModel } from './study-model';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let readers: string[];
let coordinator: string;

const RULES: AdjudicationRule[] = [
  { featureId: 'F4', kind: 'any' },
  { featureId: 'F29', kind: 'units', threshold: 5 },
];

const ctx = () => ({ actor: loadActor(db, coordinator)!, requestId: 'test' });
const setRules = (rules: AdjudicationRule[]) =>
  db.update(studies).set({ adjudication: { rules } }).where(eq(studies.id, studyId)).run();
const refresh = (caseId: number) =>
  immediate(db, (tx) => refreshCaseAdjudication(tx, ctx(), studyId, caseId));
const taskOf = (caseId: number) =>
  db.select().from(adjudicationTasks).where(eq(adjudicationTasks.caseId, caseId)).get();
const auditActions = () =>
  db
    .select()
    .from(audit)
    .where(eq(audit.entity, 'adjudication_task'))
    .all()
    .map((a) => a.action);

/** A case whose first-session reads hold these answers (one object per reader). */
function caseWith(
  values: Record<string, unknown>[],
  status: 'submitted' | 'draft' = 'submitted',
): { caseId: number; readIds: number[] } {
  const caseId = makeCase(db, studyId).id;
  const readIds = values.map((answersOf, i) => {
    const read = makeRead(db, { studyId, caseId, readerId: readers[i]!, status: 'submitted' });
    for (const [path, value] of Object.entries(answersOf)) makeAnswer(db, read.id, path, value);
    return read.id;
  });
  if (status === 'draft')
    db.update(reads).set({ status: 'draft', submittedAt: null }).where(eq(reads.id, readIds[0]!)).run();
  return { caseId, readIds };
}

const setAnswer = (readId: number, path: string, value: unknown) =>
  db
    .insert(answers)
    .values({ readId, featurePath: path, value })
    .onConflictDoUpdate({ target: [answers.readId, answers.featurePath], set: { value } })
    .run();

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  studyId = makeStudy(db, { lexicon: 'vasari' }).id;
  readers = [makeUser(db).id, makeUser(db).id, makeUser(db).id];
  for (const r of readers) addMember(db, studyId, r, 'reader');
  coordinator = makeUser(db, { role: 'coordinator' }).id;
  addMember(db, studyId, coordinator, 'coordinator');
  setRules(RULES);
});
afterEach(() => t.close());

describe('studyModel', () => {
  it("builds the form model of the study's pinned lexicon; null without one", () => {
    expect(studyModel(db, studyId)?.id).toBe('vasari');
    expect(studyModel(db, makeStudy(db).id)).toBeNull();
    expect(studyModel(db, 999_999)).toBeNull();
  });
});

describe('refreshCaseAdjudication', () => {
  it('waits until every first-session read of the case is submitted, and needs two of them', () => {
    const waiting = caseWith([{ F4: 'mild' }, { F4: 'marked' }], 'draft');
    refresh(waiting.caseId);
    expect(taskOf(waiting.caseId)).toBeUndefined();
    const single = caseWith([{ F4: 'mild' }]);
    refresh(single.caseId);
    expect(taskOf(single.caseId)).toBeUndefined();
  });

  it('ignores session-2 reads', () => {
    const c = caseWith([{ F4: 'mild' }, { F4: 'mild' }]);
    const reread = makeRead(db, { studyId, caseId: c.caseId, readerId: readers[0]!, session: 2 });
    makeAnswer(db, reread.id, 'F4', 'marked');
    refresh(c.caseId);
    expect(taskOf(c.caseId)).toBeUndefined();
  });

  it('creates nothing when the readers agree, or when the study has no rules', () => {
    const agree = caseWith([
      { F4: 'mild', F29: 40 },
      { F4: 'mild', F29: 44 },
    ]);
    refresh(agree.caseId);
    expect(taskOf(agree.caseId)).toBeUndefined();
    setRules([]);
    const disagree = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    refresh(disagree.caseId);
    expect(taskOf(disagree.caseId)).toBeUndefined();
    expect(auditActions()).toEqual([]);
  });

  it('creates an open task with its triggers, unassigned when the study has no adjudicator', () => {
    const c = caseWith([
      { F4: 'mild', F29: 40 },
      { F4: 'marked', F29: 52 },
    ]);
    refresh(c.caseId);
    const task = taskOf(c.caseId)!;
    expect(task).toMatchObject({ studyId, status: 'open', adjudicatorId: null, version: 0 });
    const features = (task.triggers as { featureId: string }[]).map((x) => x.featureId);
    expect(new Set(features)).toEqual(new Set(['F4', 'F29']));
    expect(auditActions()).toEqual(['adjudication.task.create']);
    // Refreshing again with nothing new changes nothing.
    refresh(c.caseId);
    expect(auditActions()).toEqual(['adjudication.task.create']);
  });

  it('assigns the adjudicator with the fewest open tasks, ties by user id', () => {
    const [a, b] = [makeUser(db).id, makeUser(db).id].sort();
    addMember(db, studyId, b!, 'adjudicator');
    addMember(db, studyId, a!, 'adjudicator');
    const first = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    const second = caseWith([{ F4: 'none' }, { F4: 'marked' }]);
    const third = caseWith([{ F4: 'none' }, { F4: 'mild' }]);
    refresh(first.caseId);
    refresh(second.caseId);
    refresh(third.caseId);
    expect([first, second, third].map((c) => taskOf(c.caseId)?.adjudicatorId)).toEqual([a, b, a]);
  });

  it('updates the triggers of an open task, and withdraws it when the disagreement is gone', () => {
    const c = caseWith([
      { F4: 'mild', F29: 40 },
      { F4: 'marked', F29: 52 },
    ]);
    refresh(c.caseId);
    setAnswer(c.readIds[1]!, 'F4', 'mild');
    refresh(c.caseId);
    const updated = taskOf(c.caseId)!;
    expect(updated).toMatchObject({ status: 'open', version: 1 });
    expect((updated.triggers as { featureId: string }[]).map((x) => x.featureId)).toEqual(['F29']);
    setAnswer(c.readIds[1]!, 'F29', 41);
    refresh(c.caseId);
    expect(taskOf(c.caseId)).toMatchObject({ status: 'withdrawn', version: 2 });
    expect(auditActions()).toEqual([
      'adjudication.task.create',
      'adjudication.task.update',
      'adjudication.task.withdraw',
    ]);
    // A withdrawn task that triggers again is open again.
    setAnswer(c.readIds[1]!, 'F4', 'none');
    refresh(c.caseId);
    expect(taskOf(c.caseId)).toMatchObject({ status: 'open', version: 3 });
  });

  it('keeps a task open once a consensus value exists, and never touches a done task', () => {
    const c = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    refresh(c.caseId);
    db.insert(consensus).values({ studyId, caseId: c.caseId, featurePath: 'F4', value: 'mild' }).run();
    setAnswer(c.readIds[1]!, 'F4', 'mild');
    refresh(c.caseId);
    expect(taskOf(c.caseId)?.status).toBe('open');

    const done = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    refresh(done.caseId);
    db.update(adjudicationTasks)
      .set({ status: 'done', decidedAt: new Date() })
      .where(eq(adjudicationTasks.caseId, done.caseId))
      .run();
    const before = taskOf(done.caseId);
    setAnswer(done.readIds[1]!, 'F4', 'mild');
    refresh(done.caseId);
    expect(taskOf(done.caseId)).toEqual(before);
  });

  it('hands a waiting task to an adjudicator added later, on the next refresh', () => {
    const c = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    refresh(c.caseId);
    expect(taskOf(c.caseId)?.adjudicatorId).toBeNull();
    const adjudicator = makeUser(db).id;
    addMember(db, studyId, adjudicator, 'adjudicator');
    refresh(c.caseId);
    expect(taskOf(c.caseId)).toMatchObject({ adjudicatorId: adjudicator, status: 'open', version: 1 });
  });

  it('never changes reads or answers', () => {
    const c = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    const readsBefore = db.select().from(reads).all();
    const answersBefore = db.select().from(answers).all();
    refresh(c.caseId);
    expect(db.select().from(reads).all()).toEqual(readsBefore);
    expect(db.select().from(answers).all()).toEqual(answersBefore);
  });
});

describe('refreshStudyAdjudication', () => {
  it('re-evaluates every case of the study and counts what changed', () => {
    const a = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    const b = caseWith([{ F4: 'none' }, { F4: 'marked' }]);
    caseWith([{ F4: 'mild' }, { F4: 'mild' }]);
    expect(refreshStudyAdjudication(db, ctx(), studyId)).toEqual({ created: 2, updated: 0, withdrawn: 0 });
    setAnswer(a.readIds[1]!, 'F4', 'mild');
    setAnswer(b.readIds[1]!, 'F29', 80);
    setAnswer(b.readIds[0]!, 'F29', 20);
    expect(refreshStudyAdjudication(db, ctx(), studyId)).toEqual({ created: 0, updated: 1, withdrawn: 1 });
    expect(refreshStudyAdjudication(db, ctx(), studyId)).toEqual({ created: 0, updated: 0, withdrawn: 0 });
  });

  it('withdraws open tasks once the study has no rules left', () => {
    const a = caseWith([{ F4: 'mild' }, { F4: 'marked' }]);
    refreshStudyAdjudication(db, ctx(), studyId);
    setRules([]);
    expect(refreshStudyAdjudication(db, ctx(), studyId)).toEqual({ created: 0, updated: 0, withdrawn: 1 });
    expect(taskOf(a.caseId)?.status).toBe('withdrawn');
  });
});
