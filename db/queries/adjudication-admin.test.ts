import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../client';
import { addMember, makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { adjudicationTasks, audit, consensus, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import {
  assignAdjudicator,
  listAdjudicationTasks,
  reevaluateAdjudication,
  saveAdjudicationRules,
} from './adjudication-admin';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let coordinator: string;
let outsider: string;
let adjudicators: string[];
let readers: string[];

const as = (id: string) => ({ actor: loadActor(db, id)!, requestId: 'test' });
const stored = () => db.select().from(studies).where(eq(studies.id, studyId)).get()?.adjudication;
const auditOf = (action: string) => db.select().from(audit).where(eq(audit.action, action)).all();

function disagreeingCase(): number {
  const caseId = makeCase(db, studyId).id;
  ['mild', 'marked'].forEach((value, i) => {
    const read = makeRead(db, { studyId, caseId, readerId: readers[i]!, status: 'submitted' });
    makeAnswer(db, read.id, 'F4', value);
  });
  return caseId;
}

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  studyId = makeStudy(db, { lexicon: 'vasari' }).id;
  coordinator = makeUser(db, { role: 'coordinator', name: 'Cora Coordinator' }).id;
  addMember(db, studyId, coordinator, 'coordinator');
  outsider = makeUser(db, { role: 'coordinator' }).id;
  addMember(db, makeStudy(db).id, outsider, 'coordinator');
  readers = [makeUser(db).id, makeUser(db).id];
  for (const r of readers) addMember(db, studyId, r, 'reader');
  adjudicators = [
    makeUser(db, { role: 'adjudicator', name: 'Ada Adjudicator' }).id,
    makeUser(db, { role: 'adjudicator', name: 'Ben Adjudicator' }).id,
  ];
  for (const a of adjudicators) addMember(db, studyId, a, 'adjudicator');
});
afterEach(() => t.close());

describe('saveAdjudicationRules', () => {
  it("is the study's coordinators' only", () => {
    const config = { rules: [{ featureId: 'F4', kind: 'any' }] };
    expect(() => saveAdjudicationRules(db, as(outsider), studyId, config)).toThrow('No such study');
    expect(() => saveAdjudicationRules(db, as(readers[0]!), studyId, config)).toThrow('No such study');
    expect(() => saveAdjudicationRules(db, as(adjudicators[0]!), studyId, config)).toThrow('No such study');
    expect(stored()).toEqual({ rules: [] });
  });

  it('refuses malformed rules and rules the lexicon cannot support, saving nothing', () => {
    expect(() =>
      saveAdjudicationRules(db, as(coordinator), studyId, {
        rules: [{ featureId: 'F29', kind: 'units', threshold: -1 }],
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid' }));
    let error: unknown;
    try {
      saveAdjudicationRules(db, as(coordinator), studyId, {
        rules: [
          { featureId: 'F4', kind: 'any' },
          { featureId: 'NOPE', kind: 'any' },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'invalid' });
    const fieldErrors = (error as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(fieldErrors.rules?.length).toBeGreaterThan(0);
    expect(fieldErrors['rules.NOPE']?.length).toBeGreaterThan(0);
    expect(fieldErrors['rules.F4']).toBeUndefined();
    expect(stored()).toEqual({ rules: [] });
    expect(auditOf('study.adjudication_rules')).toEqual([]);
  });

  it('saves the rules with an audit row and creates the tasks they call for, in one go', () => {
    const caseId = disagreeingCase();
    const config = { rules: [{ featureId: 'F4', kind: 'any' as const }] };
    expect(saveAdjudicationRules(db, as(coordinator), studyId, config)).toEqual({
      created: 1,
      updated: 0,
      withdrawn: 0,
    });
    expect(stored()).toEqual(config);
    expect(auditOf('study.adjudication_rules')).toMatchObject([
      { actorId: coordinator, oldValue: { rules: [] }, newValue: config },
    ]);
    expect(
      db.select().from(adjudicationTasks).where(eq(adjudicationTasks.caseId, caseId)).get(),
    ).toMatchObject({
      status: 'open',
      adjudicatorId: [...adjudicators].sort()[0],
    });
    expect(saveAdjudicationRules(db, as(coordinator), studyId, { rules: [] })).toEqual({
      created: 0,
      updated: 0,
      withdrawn: 1,
    });
    expect(reevaluateAdjudication(db, as(coordinator), studyId)).toEqual({
      created: 0,
      updated: 0,
      withdrawn: 0,
    });
    expect(() => reevaluateAdjudication(db, as(outsider), studyId)).toThrow('No such study');
  });
});

describe('listAdjudicationTasks and assignAdjudicator', () => {
  it('lists tasks with case, adjudicator, triggers and consensus counts; reassigns open tasks only', () => {
    const caseId = disagreeingCase();
    saveAdjudicationRules(db, as(coordinator), studyId, { rules: [{ featureId: 'F4', kind: 'any' }] });
    db.insert(consensus).values({ studyId, caseId, featurePath: 'F4', value: 'mild' }).run();
    expect(() => listAdjudicationTasks(db, as(outsider).actor, studyId)).toThrow('No such study');
    const [row] = listAdjudicationTasks(db, as(coordinator).actor, studyId);
    const first = [...adjudicators].sort()[0]!;
    const other = adjudicators.find((a) => a !== first)!;
    expect(row).toMatchObject({
      caseId,
      status: 'open',
      adjudicatorId: first,
      triggerCount: 1,
      featureIds: ['F4'],
      decidedAt: null,
      consensusCount: 1,
      version: 0,
    });
    expect(row!.caseLabel).toMatch(/^Case /);
    expect(row!.adjudicator).toMatch(/Adjudicator$/);

    expect(() => assignAdjudicator(db, as(outsider), { taskId: row!.id, adjudicatorId: other })).toThrow(
      'No such study',
    );
    expect(() =>
      assignAdjudicator(db, as(coordinator), { taskId: row!.id, adjudicatorId: readers[0]! }),
    ).toThrow('Choose an adjudicator of this study');
    expect(() =>
      assignAdjudicator(db, as(coordinator), { taskId: row!.id, adjudicatorId: other, version: 7 }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(
      assignAdjudicator(db, as(coordinator), { taskId: row!.id, adjudicatorId: other, version: 0 }),
    ).toEqual({
      version: 1,
    });
    expect(listAdjudicationTasks(db, as(coordinator).actor, studyId)[0]).toMatchObject({
      adjudicatorId: other,
      version: 1,
    });
    expect(auditOf('adjudication.task.assign')).toMatchObject([
      { oldValue: { adjudicatorId: first }, newValue: { adjudicatorId: other } },
    ]);

    db.update(adjudicationTasks).set({ status: 'done' }).where(eq(adjudicationTasks.id, row!.id)).run();
    expect(() => assignAdjudicator(db, as(coordinator), { taskId: row!.id, adjudicatorId: first })).toThrow(
      'Only an open task',
    );
    expect(() => assignAdjudicator(db, as(coordinator), { taskId: 999_999, adjudicatorId: first })).toThrow(
      'No such task',
    );
  });
});
