import { and, eq, max } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addMember, makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { audit, reads, studies, users } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { reassignRead } from './reassign';

function setup() {
  const t = makeTestDb();
  const { db } = t;
  const study = makeStudy(db);
  const other = makeStudy(db);
  const from = makeUser(db).id;
  const to = makeUser(db).id;
  const third = makeUser(db).id;
  const coordinator = makeUser(db, { role: 'coordinator' }).id;
  const outsider = makeUser(db, { role: 'coordinator' }).id;
  for (const id of [from, to, third]) addMember(db, study.id, id, 'reader');
  addMember(db, study.id, coordinator, 'coordinator');
  addMember(db, other.id, outsider, 'coordinator');
  const as = (id: string) => ({ actor: loadActor(db, id)!, requestId: 't' });
  const caseId = makeCase(db, study.id).id;
  return { ...t, study, other, from, to, third, coordinator, outsider, as, caseId };
}

const lastOrder = (db: ReturnType<typeof makeTestDb>['db'], studyId: number, readerId: string, session = 1) =>
  db
    .select({ last: max(reads.orderIndex) })
    .from(reads)
    .where(and(eq(reads.studyId, studyId), eq(reads.readerId, readerId), eq(reads.session, session)))
    .get()?.last ?? 0;

describe('reassignRead', () => {
  it("moves a not-started session-1 read to the end of the other reader's order, audited", () => {
    const { db, close, study, from, to, coordinator, as, caseId } = setup();
    const otherCase = makeCase(db, study.id).id;
    makeRead(db, { studyId: study.id, caseId: otherCase, readerId: to });
    const before = lastOrder(db, study.id, to);
    const read = makeRead(db, { studyId: study.id, caseId, readerId: from });
    const done = reassignRead(db, as(coordinator), { readId: read.id, readerId: to });
    expect(done).toEqual({ readId: read.id, readerId: to, orderIndex: before + 1, version: 1 });
    expect(db.select().from(reads).where(eq(reads.id, read.id)).get()).toMatchObject({
      readerId: to,
      orderIndex: before + 1,
      version: 1,
      status: 'not_started',
    });
    const row = db.select().from(audit).where(eq(audit.action, 'read.reassign')).get();
    expect(row).toMatchObject({ actorId: coordinator, entity: 'read', entityId: String(read.id) });
    expect(row?.oldValue).toMatchObject({ readerId: from });
    expect(row?.newValue).toMatchObject({ readerId: to, orderIndex: before + 1 });
    close();
  });

  it("is only for the study's coordinators", () => {
    const { close, db, study, from, to, outsider, as, caseId } = setup();
    const read = makeRead(db, { studyId: study.id, caseId, readerId: from });
    expect(() => reassignRead(db, as(outsider), { readId: read.id, readerId: to })).toThrow('No such read');
    expect(() => reassignRead(db, as(from), { readId: read.id, readerId: to })).toThrow('No such read');
    expect(() => reassignRead(db, as(from), { readId: 999_999, readerId: to })).toThrow('No such read');
    close();
  });

  it('refuses in a closed study', () => {
    const { close, db, study, from, to, coordinator, as, caseId } = setup();
    const read = makeRead(db, { studyId: study.id, caseId, readerId: from });
    db.update(studies).set({ status: 'closed' }).where(eq(studies.id, study.id)).run();
    expect(() => reassignRead(db, as(coordinator), { readId: read.id, readerId: to })).toThrow('closed');
    close();
  });

  it('refuses started, submitted, answered and re-read reads', () => {
    const { close, db, study, from, to, coordinator, as } = setup();
    const caseOf = () => makeCase(db, study.id).id;
    const draft = makeRead(db, { studyId: study.id, caseId: caseOf(), readerId: from, status: 'draft' });
    const submitted = makeRead(db, {
      studyId: study.id,
      caseId: caseOf(),
      readerId: from,
      status: 'submitted',
    });
    const answered = makeRead(db, { studyId: study.id, caseId: caseOf(), readerId: from });
    makeAnswer(db, answered.id, 'f1', 'x');
    const reread = makeRead(db, { studyId: study.id, caseId: caseOf(), readerId: from, session: 2 });
    for (const r of [draft, submitted, answered, reread])
      expect(() => reassignRead(db, as(coordinator), { readId: r.id, readerId: to })).toThrow(
        'Only a session-1 read that has not been started',
      );
    close();
  });

  it('refuses a target who is not an enabled reader of the study or already has the case', () => {
    const { close, db, study, other, from, to, third, coordinator, outsider, as, caseId } = setup();
    const read = makeRead(db, { studyId: study.id, caseId, readerId: from });
    makeRead(db, { studyId: study.id, caseId, readerId: third });
    const stranger = makeUser(db).id;
    addMember(db, other.id, stranger, 'reader');
    const ctx = as(coordinator);
    expect(() => reassignRead(db, ctx, { readId: read.id, readerId: from })).toThrow('already this reader');
    expect(() => reassignRead(db, ctx, { readId: read.id, readerId: coordinator })).toThrow(
      'Choose a reader',
    );
    expect(() => reassignRead(db, ctx, { readId: read.id, readerId: stranger })).toThrow('Choose a reader');
    expect(() => reassignRead(db, ctx, { readId: read.id, readerId: outsider })).toThrow('Choose a reader');
    expect(() => reassignRead(db, ctx, { readId: read.id, readerId: third })).toThrow(
      'already has this case',
    );
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, to)).run();
    expect(() => reassignRead(db, ctx, { readId: read.id, readerId: to })).toThrow('disabled');
    expect(db.select().from(reads).where(eq(reads.id, read.id)).get()).toMatchObject({
      readerId: from,
      version: 0,
    });
    expect(db.select().from(audit).where(eq(audit.action, 'read.reassign')).all()).toHaveLength(0);
    close();
  });

  it('refuses a read whose reader already has a re-read of the case', () => {
    const { close, db, study, from, to, coordinator, as, caseId } = setup();
    const first = makeRead(db, { studyId: study.id, caseId, readerId: from });
    makeRead(db, { studyId: study.id, caseId, readerId: from, session: 2 });
    expect(() => reassignRead(db, as(coordinator), { readId: first.id, readerId: to })).toThrow(
      'already has a re-read',
    );
    close();
  });
});
