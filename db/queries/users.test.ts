import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { makeUser } from '../factories';
import { audit, sessions, users } from '../schema';
import { makeTestDb } from '../test-db';
import { CLI_ACTOR, loadActor } from './actors';
import type { ChangeContext } from './audit';
import { createUser, listUsers, setUserDisabled, setUserRole } from './users';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let ctx: ChangeContext;
beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  const admin = makeUser(db, { role: 'admin' });
  ctx = { actor: loadActor(db, admin.id)!, requestId: 'req-1' };
});
afterEach(() => t.close());

const auditRows = () => db.select().from(audit).all();
const addSession = (userId: string) =>
  db
    .insert(sessions)
    .values({
      id: crypto.randomUUID(),
      token: crypto.randomUUID(),
      userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    })
    .run();

describe('createUser', () => {
  it('stores the user, the credential and an audit row without the password', () => {
    const { id } = createUser(db, ctx, {
      email: 'new@example.org',
      name: 'New',
      role: 'analyst',
      passwordHash: 'salt:hash',
    });
    expect(listUsers(db, ctx.actor).find((u) => u.id === id)).toMatchObject({
      email: 'new@example.org',
      role: 'analyst',
      disabled: false,
    });
    const [row] = auditRows();
    expect(row).toMatchObject({
      action: 'user.create',
      entityId: id,
      requestId: 'req-1',
      actorId: ctx.actor.id,
    });
    expect(JSON.stringify(row)).not.toContain('salt:hash');
  });

  it('refuses a duplicate email and stores nothing', () => {
    createUser(db, ctx, { email: 'dup@example.org', name: 'A', role: 'reader', passwordHash: 'h' });
    const before = db.select({ n: count() }).from(users).get()?.n;
    expect(() =>
      createUser(db, ctx, { email: 'dup@example.org', name: 'B', role: 'reader', passwordHash: 'h' }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(db.select({ n: count() }).from(users).get()?.n).toBe(before);
    expect(auditRows()).toHaveLength(1);
  });

  it('refuses a non-admin actor', () => {
    const reader = loadActor(db, makeUser(db, { role: 'reader' }).id)!;
    expect(() =>
      createUser(
        db,
        { actor: reader, requestId: null },
        { email: 'x@example.org', name: 'X', role: 'admin', passwordHash: 'h' },
      ),
    ).toThrow(AppError);
    expect(() => listUsers(db, reader)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});

describe('setUserRole', () => {
  it('changes the role and audits old → new', () => {
    const u = makeUser(db, { role: 'reader' });
    setUserRole(db, ctx, { userId: u.id, role: 'coordinator' });
    expect(loadActor(db, u.id)?.role).toBe('coordinator');
    expect(auditRows().at(-1)).toMatchObject({
      action: 'user.role',
      oldValue: { role: 'reader' },
      newValue: { role: 'coordinator' },
    });
  });

  it('keeps at least one active administrator', () => {
    expect(() => setUserRole(db, ctx, { userId: ctx.actor.id!, role: 'reader' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    const second = makeUser(db, { role: 'admin' });
    setUserRole(db, ctx, { userId: second.id, role: 'analyst' });
    expect(loadActor(db, second.id)?.role).toBe('analyst');
  });

  it('answers not_found for an unknown user', () => {
    expect(() => setUserRole(db, ctx, { userId: 'missing', role: 'reader' })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});

describe('setUserDisabled', () => {
  it('ends every session of the user in the same transaction, and re-enabling restores login', () => {
    const u = makeUser(db);
    addSession(u.id);
    addSession(u.id);
    expect(setUserDisabled(db, ctx, { userId: u.id, disabled: true, reason: 'left the study' })).toEqual({
      sessionsEnded: 2,
    });
    expect(db.select().from(sessions).where(eq(sessions.userId, u.id)).all()).toHaveLength(0);
    expect(loadActor(db, u.id)).toBeNull();
    expect(auditRows().at(-1)).toMatchObject({ action: 'user.disable', reason: 'left the study' });
    setUserDisabled(db, ctx, { userId: u.id, disabled: false });
    expect(loadActor(db, u.id)).not.toBeNull();
  });

  it('refuses to disable yourself', () => {
    expect(() => setUserDisabled(db, ctx, { userId: ctx.actor.id!, disabled: true })).toThrow(
      expect.objectContaining({ code: 'invalid' }),
    );
  });

  it('records the command line as the actor of CLI changes', () => {
    const u = makeUser(db);
    setUserDisabled(db, { actor: CLI_ACTOR, requestId: null }, { userId: u.id, disabled: true });
    expect(auditRows().at(-1)).toMatchObject({ actorId: null, actorLabel: 'cli' });
  });
});

describe('audit', () => {
  it('refuses UPDATE and DELETE at the database level', () => {
    makeUser(db);
    createUser(db, ctx, { email: 'a@example.org', name: 'A', role: 'reader', passwordHash: 'h' });
    expect(() => t.db.$client.exec(`UPDATE audit SET reason = 'x'`)).toThrow(/append-only/);
    expect(() => t.db.$client.exec('DELETE FROM audit')).toThrow(/append-only/);
    expect(auditRows()).toHaveLength(1);
  });
});
