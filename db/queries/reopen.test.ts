import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { audit, reads } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { reopenRead } from './reopen';

describe('reopenRead', () => {
  it("lets the study's coordinator reopen a submitted read with a reason, audited; nobody else", () => {
    const { db, close } = makeTestDb();
    const study = makeStudy(db);
    const other = makeStudy(db);
    const reader = makeUser(db).id;
    const coordinator = makeUser(db, { role: 'coordinator' }).id;
    const outsider = makeUser(db, { role: 'coordinator' }).id;
    addMember(db, study.id, reader, 'reader');
    addMember(db, study.id, coordinator, 'coordinator');
    addMember(db, other.id, outsider, 'coordinator');
    const caseId = makeCase(db, study.id).id;
    const submitted = makeRead(db, { studyId: study.id, caseId, readerId: reader, status: 'submitted' }).id;
    const draft = makeRead(db, {
      studyId: study.id,
      caseId,
      readerId: reader,
      session: 2,
      status: 'draft',
    }).id;
    const as = (id: string) => ({ actor: loadActor(db, id)!, requestId: 't' });
    expect(() => reopenRead(db, as(outsider), { readId: submitted, reason: 'because' })).toThrow(
      'No such read',
    );
    expect(() => reopenRead(db, as(reader), { readId: submitted, reason: 'because' })).toThrow(
      'No such read',
    );
    expect(() => reopenRead(db, as(coordinator), { readId: submitted, reason: ' ' })).toThrow(
      'Give a reason',
    );
    expect(() => reopenRead(db, as(coordinator), { readId: draft, reason: 'because' })).toThrow(
      'Only a submitted read',
    );
    expect(reopenRead(db, as(coordinator), { readId: submitted, reason: 'size needs a recheck' })).toEqual({
      version: 1,
      status: 'draft',
    });
    expect(db.select().from(reads).where(eq(reads.id, submitted)).get()).toMatchObject({
      status: 'draft',
      submittedAt: null,
    });
    expect(db.select().from(audit).where(eq(audit.action, 'read.reopen')).get()).toMatchObject({
      reason: 'size needs a recheck',
      actorId: coordinator,
    });
    close();
  });
});
