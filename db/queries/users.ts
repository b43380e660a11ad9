import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, max, ne } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import type { GlobalRole } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { accounts, sessions, users } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: GlobalRole;
  disabled: boolean;
  createdAt: string;
  lastSeenAt: string | null;
};

function assertCanManage(actor: Actor): void {
  if (!can(actor, 'users.manage')) throw new AppError('forbidden', 'Only an administrator can manage users');
}

export function listUsers(db: Db, actor: Actor): UserRow[] {
  assertCanManage(actor);
  const lastSeen = db
    .select({ userId: sessions.userId, at: max(sessions.updatedAt).as('at') })
    .from(sessions)
    .groupBy(sessions.userId)
    .as('last_seen');
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      lastSeen: lastSeen.at,
    })
    .from(users)
    .leftJoin(lastSeen, eq(lastSeen.userId, users.id))
    .orderBy(asc(users.email))
    .all()
    .map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      disabled: u.disabledAt !== null,
      createdAt: u.createdAt.toISOString(),
      lastSeenAt: u.lastSeen === null ? null : new Date(Number(u.lastSeen)).toISOString(),
    }));
}

export type NewUser = { email: string; name: string; role: GlobalRole; passwordHash: string };

/** Creates a user with an email + password login; the user, its credential and the audit row commit together. */
export function createUser(db: Db, ctx: ChangeContext, input: NewUser): { id: string } {
  assertCanManage(ctx.actor);
  return immediate(db, (tx) => {
    const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
    if (existing) {
      throw new AppError('conflict', `A user with email ${input.email} already exists`, {
        email: ['This email is already in use'],
      });
    }
    const id = randomUUID();
    const now = ctx.now ?? new Date();
    tx.insert(users)
      .values({
        id,
        email: input.email,
        name: input.name,
        role: input.role,
        emailVerified: true,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    tx.insert(accounts)
      .values({
        id: randomUUID(),
        accountId: id,
        providerId: 'credential',
        userId: id,
        password: input.passwordHash,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    appendAudit(tx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: id,
      newValue: { email: input.email, name: input.name, role: input.role },
    });
    return { id };
  });
}

export function setUserRole(db: Db, ctx: ChangeContext, input: { userId: string; role: GlobalRole }): void {
  assertCanManage(ctx.actor);
  immediate(db, (tx) => {
    const user = getUserForChange(tx, input.userId);
    if (user.role === input.role) return;
    if (user.role === 'admin' && !user.disabledAt) assertAnotherActiveAdmin(tx, user.id);
    tx.update(users)
      .set({ role: input.role, updatedAt: ctx.now ?? new Date() })
      .where(eq(users.id, user.id))
      .run();
    appendAudit(tx, ctx, {
      action: 'user.role',
      entity: 'user',
      entityId: user.id,
      oldValue: { role: user.role },
      newValue: { role: input.role },
    });
  });
}

/** Disabling a user ends all their sessions in the same transaction. */
export function setUserDisabled(
  db: Db,
  ctx: ChangeContext,
  input: { userId: string; disabled: boolean; reason?: string | undefined },
): { sessionsEnded: number } {
  assertCanManage(ctx.actor);
  return immediate(db, (tx) => {
    const user = getUserForChange(tx, input.userId);
    const wasDisabled = user.disabledAt !== null;
    if (wasDisabled === input.disabled) return { sessionsEnded: 0 };
    if (input.disabled) {
      if (ctx.actor.id === user.id) throw new AppError('invalid', 'You cannot disable your own account');
      if (user.role === 'admin') assertAnotherActiveAdmin(tx, user.id);
    }
    const now = ctx.now ?? new Date();
    tx.update(users)
      .set({ disabledAt: input.disabled ? now : null, updatedAt: now })
      .where(eq(users.id, user.id))
      .run();
    const ended = input.disabled ? tx.delete(sessions).where(eq(sessions.userId, user.id)).run().changes : 0;
    appendAudit(tx, ctx, {
      action: input.disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: user.id,
      oldValue: { disabled: wasDisabled },
      newValue: { disabled: input.disabled, sessionsEnded: ended },
      reason: input.reason ?? null,
    });
    return { sessionsEnded: ended };
  });
}

export function findUserIdByEmail(db: Db, email: string): string | null {
  return db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? null;
}

function getUserForChange(tx: Tx, userId: string) {
  const user = tx
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) throw new AppError('not_found', 'No such user');
  return user;
}

function assertAnotherActiveAdmin(tx: Tx, exceptUserId: string): void {
  const other = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, exceptUserId)))
    .get();
  if (!other) throw new AppError('conflict', 'Annolex needs at least one active administrator');
}
