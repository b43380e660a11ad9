import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { AppError } from '@/lib/errors';
import { ZStudyInput, type StudyFormValues } from '@/lib/study/study-input';
import type { Db } from '../client';
import { makeStudy, makeUser } from '../factories';
import { audit, studies, studyMembers } from '../schema';
import { makeTestDb } from '../test-db';
import { CLI_ACTOR, loadActor } from './actors';
import { adoptLexiconVersion } from './lexicons';
import { createStudy, listAssignableUsers, listLexiconChoices } from './study-create';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let lexiconVersionId: number;
let coordinator: string;
let readers: string[];
const actor = (id: string) => loadActor(db, id)!;
const as = (id: string) => ({ actor: actor(id), requestId: 't' });
const input = (over: Partial<StudyFormValues> = {}) =>
  ZStudyInput.parse({
    name: 'Glioma reader study',
    lexiconVersionId,
    readers,
    seed: 4242,
    readSessions: 1,
    design: { kind: 'fully_crossed' },
    phiPolicy: 'strip',
    ...over,
  });

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const counts = () => ({
  studies: db.select().from(studies).all().length,
  members: db.select().from(studyMembers).all().length,
  audit: db.select().from(audit).where(eq(audit.action, 'study.create')).all().length,
});

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  lexiconVersionId = adoptLexiconVersion(
    db,
    { actor: CLI_ACTOR, requestId: null },
    shippedLexicon('vasari'),
  ).id;
  coordinator = makeUser(db, { role: 'coordinator', name: 'Cora Coordinator' }).id;
  readers = [1, 2, 3].map((n) => makeUser(db, { role: 'reader', name: `Reader ${n}` }).id);
});
afterEach(() => t.close());

describe('createStudy', () => {
  it('stores an active study with its members, the creator as coordinator, and one audit row', () => {
    const adjudicator = makeUser(db, { role: 'adjudicator' }).id;
    const analyst = makeUser(db, { role: 'analyst' }).id;
    const coCoordinator = makeUser(db, { role: 'coordinator' }).id;
    const admin = makeUser(db, { role: 'admin' }).id;
    const created = createStudy(
      db,
      as(coordinator),
      input({
        description: 'Twelve glioma cases',
        adjudicators: [adjudicator],
        analysts: [analyst],
        coordinators: [coCoordinator, admin, coordinator],
        showCaseMetadata: true,
        readSessions: 2,
        washoutDays: 28,
        rereadDueDays: 14,
        dueAt: '2026-06-30',
        design: { kind: 'k_per_case', k: 2 },
      }),
    );
    expect(created.slug).toBe('glioma-reader-study');
    const study = db.select().from(studies).where(eq(studies.id, created.id)).get()!;
    expect(study).toMatchObject({
      name: 'Glioma reader study',
      description: 'Twelve glioma cases',
      status: 'active',
      lexiconVersionId,
      showCaseMetadata: true,
      seed: 4242,
      readSessions: 2,
      washoutDays: 28,
      rereadDueDays: 14,
      design: { kind: 'k_per_case', k: 2 },
      phiPolicy: 'strip',
      createdBy: coordinator,
    });
    expect(study.dueAt?.toISOString().slice(0, 10)).toBe('2026-06-30');
    const members = db.select().from(studyMembers).where(eq(studyMembers.studyId, created.id)).all();
    const of = (role: string) =>
      members
        .filter((m) => m.role === role)
        .map((m) => m.userId)
        .sort();
    expect(of('reader')).toEqual([...readers].sort());
    expect(of('coordinator')).toEqual([coordinator, coCoordinator, admin].sort());
    expect(of('adjudicator')).toEqual([adjudicator]);
    expect(of('analyst')).toEqual([analyst]);
    const row = db.select().from(audit).where(eq(audit.action, 'study.create')).get()!;
    expect(row).toMatchObject({ actorId: coordinator, entity: 'study', entityId: String(created.id) });
    expect(row.newValue).toMatchObject({
      slug: 'glioma-reader-study',
      seed: 4242,
      washoutDays: 28,
      dueAt: '2026-06-30T23:59:59.999Z',
      lexicon: 'vasari 1.0.0',
      members: { readers: expect.any(Array), coordinators: expect.any(Array) },
    });
    expect(loadActor(db, coordinator)!.memberships).toContainEqual({
      studyId: created.id,
      role: 'coordinator',
    });
  });

  it('ignores wash-out and re-read due for a single session; the command line adds no creator', () => {
    const created = createStudy(
      db,
      { actor: CLI_ACTOR, requestId: null },
      input({ slug: 'one-session', washoutDays: 10, rereadDueDays: 5 }),
    );
    expect(db.select().from(studies).where(eq(studies.id, created.id)).get()).toMatchObject({
      slug: 'one-session',
      washoutDays: 0,
      rereadDueDays: null,
      dueAt: null,
      createdBy: null,
    });
    const roles = db.select().from(studyMembers).where(eq(studyMembers.studyId, created.id)).all();
    expect(roles.every((m) => m.role === 'reader')).toBe(true);
  });

  it('is refused to anyone without study.create', () => {
    expect(failure(() => createStudy(db, as(readers[0]!), input())).code).toBe('forbidden');
    const analyst = makeUser(db, { role: 'analyst' }).id;
    expect(failure(() => createStudy(db, as(analyst), input())).code).toBe('forbidden');
    expect(counts()).toEqual({ studies: 0, members: 0, audit: 0 });
  });

  it('refuses a taken short name', () => {
    createStudy(db, as(coordinator), input({ slug: 'taken' }));
    const before = counts();
    const e = failure(() => createStudy(db, as(coordinator), input({ name: 'Other', slug: 'taken' })));
    expect(e.code).toBe('invalid');
    expect(e.message).toBe('That short name is taken');
    expect(e.fieldErrors).toEqual({ slug: ['That short name is taken'] });
    expect(counts()).toEqual(before);
  });

  it('refuses a missing lexicon version and unsuitable members, storing nothing', () => {
    const disabledReader = makeUser(db, { role: 'reader', disabled: true, name: 'Dora Disabled' }).id;
    const analyst = makeUser(db, { role: 'analyst', name: 'Ana Analyst' }).id;
    const e = failure(() =>
      createStudy(
        db,
        as(coordinator),
        input({
          lexiconVersionId: 999,
          readers: [readers[0]!, disabledReader, analyst, 'no-such-user'],
          adjudicators: [readers[1]!],
          analysts: [coordinator],
          coordinators: [readers[2]!],
          design: { kind: 'fully_crossed' },
        }),
      ),
    );
    expect(e.code).toBe('invalid');
    expect(e.fieldErrors?.lexiconVersionId).toBeDefined();
    expect(e.fieldErrors?.readers).toEqual([
      'Dora Disabled is disabled and cannot be a reader',
      'Ana Analyst does not have a reader account and cannot be a reader',
      'Someone chosen as reader no longer exists',
    ]);
    expect(e.fieldErrors?.adjudicators).toHaveLength(1);
    expect(e.fieldErrors?.analysts).toHaveLength(1);
    expect(e.fieldErrors?.coordinators).toHaveLength(1);
    expect(counts()).toEqual({ studies: 0, members: 0, audit: 0 });
  });

  it('validates the input again at the boundary', () => {
    const e = failure(() =>
      createStudy(db, as(coordinator), { ...input(), design: { kind: 'k_per_case', k: 9 } }),
    );
    expect(e.fieldErrors?.['design.k']).toEqual(['k cannot exceed the 3 readers']);
    const w = failure(() =>
      createStudy(db, as(coordinator), { ...input(), readSessions: 2, washoutDays: 0 }),
    );
    expect(w.fieldErrors?.washoutDays).toEqual(['A re-read needs a wash-out of at least one day']);
    expect(counts()).toEqual({ studies: 0, members: 0, audit: 0 });
  });
});

describe('listAssignableUsers', () => {
  it('lists active accounts that can hold a study role, for coordinators', () => {
    makeUser(db, { role: 'reader', disabled: true });
    const admin = makeUser(db, { role: 'admin' }).id;
    const list = listAssignableUsers(db, actor(coordinator));
    expect(list.map((u) => u.id).sort()).toEqual([coordinator, ...readers].sort());
    expect(list[0]).toEqual({
      id: coordinator,
      name: 'Cora Coordinator',
      email: expect.any(String),
      role: 'coordinator',
    });
    expect(listAssignableUsers(db, actor(admin))).toHaveLength(4);
    expect(failure(() => listAssignableUsers(db, actor(readers[0]!))).code).toBe('forbidden');
  });

  it('lets a coordinator by study membership list them too', () => {
    const studyId = makeStudy(db).id;
    const adjudicator = makeUser(db, { role: 'adjudicator' }).id;
    db.insert(studyMembers).values({ studyId, userId: adjudicator, role: 'coordinator' }).run();
    expect(listAssignableUsers(db, actor(adjudicator)).length).toBeGreaterThan(0);
  });
});

describe('listLexiconChoices', () => {
  it('lists adopted versions, newest first', () => {
    const later = adoptLexiconVersion(
      db,
      { actor: CLI_ACTOR, requestId: null },
      shippedLexicon('ti-rads'),
    ).id;
    const choices = listLexiconChoices(db);
    expect(choices.map((c) => c.id)).toEqual([later, lexiconVersionId]);
    expect(choices[1]).toMatchObject({ key: 'vasari', version: '1.0.0', title: expect.any(String) });
  });
});
