import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../client';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { audit, cases, imagingInstances, imagingSeries, measurements, reads, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { saveReadAnswers } from './answers';
import { canViewCaseImages, viewableInstance } from './imaging';
import { readForReader } from './reading';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let caseId: number;
let otherCaseId: number;
let instanceId: number;
const actor = (id: string) => loadActor(db, id)!;

function member(role: 'coordinator' | 'reader' | 'adjudicator' | 'analyst', globalRole = role) {
  const u = makeUser(db, { role: globalRole });
  addMember(db, studyId, u.id, role);
  return u.id;
}

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  studyId = makeStudy(db, { lexicon: 'vasari' }).id;
  caseId = makeCase(db, studyId).id;
  otherCaseId = makeCase(db, studyId).id;
  const series = db
    .insert(imagingSeries)
    .values({
      caseId,
      source: 'local',
      studyInstanceUid: '2.25.1',
      seriesInstanceUid: '2.25.2',
      description: 'AX FLAIR',
    })
    .returning()
    .get();
  instanceId = db
    .insert(imagingInstances)
    .values({
      seriesId: series.id,
      sopInstanceUid: '2.25.3',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      sha256: 'a'.repeat(64),
      rows: 4,
      columns: 4,
    })
    .returning()
    .get().id;
});
afterEach(() => t.close());

describe('image access', () => {
  it('lets coordinators, adjudicators and administrators see every case, readers only the cases they read, analysts none', () => {
    const reader = member('reader');
    makeRead(db, { studyId, caseId, readerId: reader });
    expect(canViewCaseImages(db, actor(reader), caseId)).toBe(true);
    expect(canViewCaseImages(db, actor(reader), otherCaseId)).toBe(false);
    expect(canViewCaseImages(db, actor(member('coordinator')), otherCaseId)).toBe(true);
    expect(canViewCaseImages(db, actor(member('adjudicator')), otherCaseId)).toBe(true);
    expect(canViewCaseImages(db, actor(member('analyst')), caseId)).toBe(false);
    expect(canViewCaseImages(db, actor(makeUser(db, { role: 'admin' }).id), caseId)).toBe(true);
    // A reader of another study, and a coordinator who is not a member, see nothing.
    expect(canViewCaseImages(db, actor(makeUser(db, { role: 'coordinator' }).id), caseId)).toBe(false);
  });

  it('never serves a quarantined instance', () => {
    const coordinator = member('coordinator');
    expect(viewableInstance(db, actor(coordinator), instanceId)).toEqual({ sha256: 'a'.repeat(64) });
    db.update(imagingInstances)
      .set({ quarantine: 'burned_in' })
      .where(eq(imagingInstances.id, instanceId))
      .run();
    expect(viewableInstance(db, actor(coordinator), instanceId)).toBeNull();
  });
});

describe('measurements saved with answers', () => {
  const length = {
    tool: 'Length',
    annotationUid: 'ann-1',
    seriesInstanceUid: '2.25.2',
    sopInstanceUid: '2.25.3',
    frame: 1,
    points: [
      [0, 0, 0],
      [30, 40, 0],
    ],
    value: 50,
    unit: 'mm',
  };

  it('stores the geometry in the same save, returns it when the read reopens, and clears it with the answer', () => {
    const reader = member('reader');
    const readId = makeRead(db, { studyId, caseId, readerId: reader }).id;
    const ctx = { actor: actor(reader), requestId: 'test' };
    saveReadAnswers(db, ctx, {
      readId,
      mode: 'draft',
      version: 0,
      answers: { F29: 50 },
      measurements: { F29: length },
    });
    expect(readForReader(db, actor(reader), readId)?.measurements).toMatchObject([
      { featurePath: 'F29', value: 50, unit: 'mm' },
    ]);
    expect(readForReader(db, actor(member('reader')), readId)).toBeNull();
    // Clearing the answer clears its measurement; both are audited.
    saveReadAnswers(db, ctx, { readId, mode: 'draft', version: 1, answers: {} });
    expect(db.select().from(measurements).all()).toEqual([]);
    const actions = db
      .select()
      .from(audit)
      .where(eq(audit.entity, 'read'))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(['answer.save', 'measurement.save', 'answer.clear', 'measurement.clear']);
  });

  it('refuses a measurement in another unit and stores nothing of the save', () => {
    const reader = member('reader');
    const readId = makeRead(db, { studyId, caseId, readerId: reader }).id;
    expect(() =>
      saveReadAnswers(
        db,
        { actor: actor(reader), requestId: 'test' },
        {
          readId,
          mode: 'draft',
          version: 0,
          answers: { F29: 50 },
          measurements: { F29: { ...length, unit: 'mm Proj' } },
        },
      ),
    ).toThrow('Some measurements were refused');
    expect(db.select().from(measurements).all()).toEqual([]);
    expect(readForReader(db, actor(reader), readId)?.answers).toEqual({});
  });
});

describe('wash-out', () => {
  it('hides a re-read from its reader, and refuses saves to it, until the wash-out ends', () => {
    const reader = member('reader');
    const readId = makeRead(db, { studyId, caseId, readerId: reader, session: 2 }).id;
    const opens = new Date('2030-01-01T00:00:00Z');
    db.update(reads).set({ availableAt: opens }).where(eq(reads.id, readId)).run();
    const before = new Date('2029-12-31T23:00:00Z');
    expect(readForReader(db, actor(reader), readId, before)).toBeNull();
    expect(() =>
      saveReadAnswers(
        db,
        { actor: actor(reader), requestId: 't', now: before },
        { readId, mode: 'draft', version: 0, answers: {} },
      ),
    ).toThrow('No such read');
    expect(readForReader(db, actor(reader), readId, new Date('2030-01-02T00:00:00Z'))?.read.id).toBe(readId);
  });
});

describe('case metadata for readers', () => {
  it('is shown only when the study shows it, and never the ground truth kept beside it', () => {
    const reader = member('reader');
    const readId = makeRead(db, { studyId, caseId, readerId: reader }).id;
    db.update(cases)
      .set({ metadata: { age: 61, sex: 'F', phantom: { longestDiameterMm: 50 } } })
      .where(eq(cases.id, caseId))
      .run();
    expect(readForReader(db, actor(reader), readId)?.caseMetadata).toBeNull();
    db.update(studies).set({ showCaseMetadata: true }).where(eq(studies.id, studyId)).run();
    expect(readForReader(db, actor(reader), readId)?.caseMetadata).toEqual({ age: 61, sex: 'F' });
  });
});

describe('re-reads', () => {
  it("open without the first session's answers", () => {
    const reader = member('reader');
    const first = makeRead(db, { studyId, caseId, readerId: reader }).id;
    const second = makeRead(db, { studyId, caseId, readerId: reader, session: 2 }).id;
    saveReadAnswers(
      db,
      { actor: actor(reader), requestId: 't' },
      { readId: first, mode: 'draft', version: 0, answers: { F29: 44 } },
    );
    expect(readForReader(db, actor(reader), first)?.answers).toEqual({ F29: 44 });
    expect(readForReader(db, actor(reader), second)?.answers).toEqual({});
    expect(readForReader(db, actor(reader), second)?.read.session).toBe(2);
  });
});
