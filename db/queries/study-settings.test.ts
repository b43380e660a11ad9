import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { audit, studies, studyMembers } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { addStudyMember, removeStudyMember, rereadsScheduled, updateStudySettings } from './study-settings';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let coordinator: string;
let reader: string;
const as = (id: string) => ({ actor: loadActor(db, id)!, requestId: 't' });
const study = () => db.select().from(studies).where(eq(studies.id, studyId)).get()!;
const auditOf = (action: string) => db.select().from(audit).where(eq(audit.action, action)).all();
const roles = () =>
  db
    .select({ userId: studyMembers.userId, role: studyMembers.role })
    .from(studyMembers)
    .where(eq(studyMembers.studyId, studyId))
    .all();

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  studyId = makeStudy(db, { name: 'Old name' }).id;
  db.update(studies)
    .set({ status: 'active', readSessions: 2, washoutDays: 14 })
    .where(eq(studies.id, studyId))
    .run();
  coordinator = makeUser(db, { role: 'coordinator' }).id;
  reader = makeUser(db, { role: 'reader', name: 'Rita Reader' }).id;
  addMember(db, studyId, coordinator, 'coordinator');
  addMember(db, studyId, reader, 'reader');
});
afterEach(() => t.close());

describe('updateStudySettings', () => {
  it('writes the changed fields and audits only those, old beside new', () => {
    const result = updateStudySettings(db, as(coordinator), studyId, {
      name: 'New name',
      description: '',
      showCaseMetadata: true,
      dueAt: '2026-09-01',
      rereadDueDays: 10,
      washoutDays: 14,
      status: 'active',
    });
    expect(result.changed.sort()).toEqual(['dueAt', 'name', 'rereadDueDays', 'showCaseMetadata']);
    expect(study()).toMatchObject({ name: 'New name', showCaseMetadata: true, rereadDueDays: 10 });
    expect(study().dueAt?.toISOString()).toBe('2026-09-01T23:59:59.999Z');
    const [row] = auditOf('study.settings');
    expect(row?.oldValue).toEqual({
      name: 'Old name',
      showCaseMetadata: false,
      dueAt: null,
      rereadDueDays: null,
    });
    expect(row?.newValue).toEqual({
      name: 'New name',
      showCaseMetadata: true,
      dueAt: '2026-09-01',
      rereadDueDays: 10,
    });
  });

  it('clears due dates, closes the study, and does nothing when nothing changes', () => {
    updateStudySettings(db, as(coordinator), studyId, { dueAt: '2026-09-01', rereadDueDays: 5 });
    updateStudySettings(db, as(coordinator), studyId, { dueAt: null, rereadDueDays: null, status: 'closed' });
    expect(study()).toMatchObject({ dueAt: null, rereadDueDays: null, status: 'closed' });
    expect(updateStudySettings(db, as(coordinator), studyId, { status: 'closed', dueAt: '' })).toEqual({
      changed: [],
    });
    expect(auditOf('study.settings')).toHaveLength(2);
    expect(failure(() => updateStudySettings(db, as(coordinator), studyId, { status: 'draft' })).code).toBe(
      'invalid',
    );
  });

  it('changes the wash-out only while no re-read exists, and never to zero with two sessions', () => {
    expect(
      failure(() => updateStudySettings(db, as(coordinator), studyId, { washoutDays: 0 })).fieldErrors,
    ).toEqual({ washoutDays: ['A re-read needs a wash-out of at least one day'] });
    updateStudySettings(db, as(coordinator), studyId, { washoutDays: 21 });
    expect(study().washoutDays).toBe(21);
    expect(rereadsScheduled(db, studyId)).toBe(false);
    const caseId = makeCase(db, studyId).id;
    makeRead(db, { studyId, caseId, readerId: reader, session: 2 });
    expect(rereadsScheduled(db, studyId)).toBe(true);
    const e = failure(() =>
      updateStudySettings(db, as(coordinator), studyId, { washoutDays: 30, name: 'X' }),
    );
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('The wash-out is fixed once re-reads are scheduled');
    expect(study()).toMatchObject({ washoutDays: 21, name: 'Old name' });
    updateStudySettings(db, as(coordinator), studyId, { washoutDays: 21, name: 'Still editable' });
    expect(study().name).toBe('Still editable');
  });

  it('is refused to anyone who does not manage the study', () => {
    const outsider = makeUser(db, { role: 'coordinator' }).id;
    addMember(db, makeStudy(db).id, outsider, 'coordinator');
    expect(failure(() => updateStudySettings(db, as(outsider), studyId, { name: 'x' })).code).toBe(
      'not_found',
    );
    expect(failure(() => updateStudySettings(db, as(reader), studyId, { name: 'x' })).code).toBe('not_found');
    const admin = makeUser(db, { role: 'admin' }).id;
    updateStudySettings(db, as(admin), studyId, { name: 'By admin' });
    expect(study().name).toBe('By admin');
  });

  it('validates the patch', () => {
    const e = failure(() => updateStudySettings(db, as(coordinator), studyId, { name: ' ', dueAt: 'soon' }));
    expect(e.code).toBe('invalid');
    expect(Object.keys(e.fieldErrors ?? {}).sort()).toEqual(['dueAt', 'name']);
  });
});

describe('study members', () => {
  it('adds a suitable account once, audited, without creating reads', () => {
    const second = makeUser(db, { role: 'reader' }).id;
    addStudyMember(db, as(coordinator), { studyId, userId: second, role: 'reader' });
    expect(roles()).toContainEqual({ userId: second, role: 'reader' });
    expect(auditOf('study.member.add')[0]?.newValue).toEqual({ userId: second, role: 'reader' });
    expect(
      failure(() => addStudyMember(db, as(coordinator), { studyId, userId: second, role: 'reader' })).code,
    ).toBe('conflict');
  });

  it('refuses unsuitable, disabled or unknown accounts', () => {
    const analyst = makeUser(db, { role: 'analyst', name: 'Ana' }).id;
    const disabled = makeUser(db, { role: 'reader', disabled: true }).id;
    const e = failure(() =>
      addStudyMember(db, as(coordinator), { studyId, userId: analyst, role: 'reader' }),
    );
    expect(e).toMatchObject({
      code: 'invalid',
      message: 'Ana does not have a reader account and cannot be a reader',
    });
    expect(
      failure(() => addStudyMember(db, as(coordinator), { studyId, userId: disabled, role: 'reader' })).code,
    ).toBe('invalid');
    expect(
      failure(() => addStudyMember(db, as(coordinator), { studyId, userId: 'nobody', role: 'reader' })).code,
    ).toBe('invalid');
    const admin = makeUser(db, { role: 'admin' }).id;
    addStudyMember(db, as(coordinator), { studyId, userId: admin, role: 'coordinator' });
    expect(roles()).toContainEqual({ userId: admin, role: 'coordinator' });
    expect(
      failure(() => addStudyMember(db, as(reader), { studyId, userId: analyst, role: 'analyst' })).code,
    ).toBe('not_found');
  });

  it('keeps a reader who has reads, and the last coordinator', () => {
    const caseId = makeCase(db, studyId).id;
    makeRead(db, { studyId, caseId, readerId: reader });
    const e = failure(() =>
      removeStudyMember(db, as(coordinator), { studyId, userId: reader, role: 'reader' }),
    );
    expect(e).toMatchObject({
      code: 'conflict',
      message: 'This reader has reads in the study; reassign or keep them',
    });
    const last = failure(() =>
      removeStudyMember(db, as(coordinator), { studyId, userId: coordinator, role: 'coordinator' }),
    );
    expect(last.code).toBe('conflict');
    expect(
      failure(() => removeStudyMember(db, as(coordinator), { studyId, userId: reader, role: 'analyst' }))
        .code,
    ).toBe('not_found');
    expect(roles()).toHaveLength(2);
    expect(auditOf('study.member.remove')).toHaveLength(0);
  });

  it('removes a member, audited; a coordinator may step down when another remains', () => {
    const fresh = makeUser(db, { role: 'reader' }).id;
    addMember(db, studyId, fresh, 'reader');
    removeStudyMember(db, as(coordinator), { studyId, userId: fresh, role: 'reader' });
    expect(roles().some((m) => m.userId === fresh)).toBe(false);
    expect(auditOf('study.member.remove')[0]?.oldValue).toEqual({ userId: fresh, role: 'reader' });
    const other = makeUser(db, { role: 'coordinator' }).id;
    addMember(db, studyId, other, 'coordinator');
    removeStudyMember(db, as(coordinator), { studyId, userId: coordinator, role: 'coordinator' });
    expect(
      db
        .select()
        .from(studyMembers)
        .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'coordinator')))
        .all()
        .map((m) => m.userId),
    ).toEqual([other]);
  });
});
