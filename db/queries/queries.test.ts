import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/permissions';
import type { Db } from '../client';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { listStudiesInArea } from './studies';
import { listWorklist } from './worklist';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
beforeEach(() => {
  t = makeTestDb();
  db = t.db;
});
afterEach(() => t.close());

const actorOf = (id: string): Actor => {
  const a = loadActor(db, id);
  if (!a) throw new Error('no actor');
  return a;
};

describe('loadActor', () => {
  it('loads role and memberships, and refuses a disabled user', () => {
    const u = makeUser(db, { role: 'reader' });
    const s = makeStudy(db);
    addMember(db, s.id, u.id, 'reader');
    addMember(db, s.id, u.id, 'analyst');
    expect(actorOf(u.id).memberships).toEqual(
      expect.arrayContaining([
        { studyId: s.id, role: 'reader' },
        { studyId: s.id, role: 'analyst' },
      ]),
    );
    const off = makeUser(db, { disabled: true });
    expect(loadActor(db, off.id)).toBeNull();
    expect(loadActor(db, 'nobody')).toBeNull();
  });
});

describe('listStudiesInArea', () => {
  it('shows a coordinator only their studies, with counts; an admin all', () => {
    const coord = makeUser(db, { role: 'coordinator' });
    const admin = makeUser(db, { role: 'admin' });
    const mine = makeStudy(db, { name: 'Mine' });
    makeStudy(db, { name: 'Theirs' });
    addMember(db, mine.id, coord.id, 'coordinator');
    for (let i = 0; i < 3; i++) makeCase(db, mine.id);
    for (let i = 0; i < 2; i++) addMember(db, mine.id, makeUser(db).id, 'reader');
    expect(listStudiesInArea(db, actorOf(coord.id), 'coordinator')).toMatchObject([
      { name: 'Mine', cases: 3, readers: 2 },
    ]);
    expect(listStudiesInArea(db, actorOf(coord.id), 'analyst')).toEqual([]);
    expect(listStudiesInArea(db, actorOf(admin.id), 'coordinator').map((s) => s.name)).toEqual([
      'Mine',
      'Theirs',
    ]);
  });
});

describe('listWorklist', () => {
  it("lists the reader's own reads and never another reader's", () => {
    const a = makeUser(db);
    const b = makeUser(db);
    const s = makeStudy(db);
    const c1 = makeCase(db, s.id);
    const c2 = makeCase(db, s.id);
    makeRead(db, { studyId: s.id, caseId: c1.id, readerId: a.id });
    makeRead(db, { studyId: s.id, caseId: c2.id, readerId: a.id, status: 'submitted' });
    makeRead(db, { studyId: s.id, caseId: c1.id, readerId: b.id, status: 'submitted' });
    const rows = listWorklist(db, actorOf(a.id));
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual([
      'availableAt',
      'caseLabel',
      'readId',
      'session',
      'status',
      'studyName',
    ]);
    expect(listWorklist(db, actorOf(b.id))).toHaveLength(1);
  });
});
