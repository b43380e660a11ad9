import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { apiTokens } from '../schema';
import { immediate } from '../tx';
import { loadActor } from './actors';
import { appendAudit, type ChangeContext } from './audit';

/** Every token starts with this, so a leaked one is easy to recognise (and to scan for). */
export const TOKEN_PREFIX = 'alx_';
const TOKEN_SHAPE = /^alx_[A-Za-z0-9_-]{43}$/;
/** How often the last-used time is written, at most: a script calling in a loop writes rarely. */
const LAST_USED_EVERY_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export type ApiTokenRow = {
  id: number;
  name: string;
  start: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function assertMayHoldTokens(actor: Actor) {
  if (!actor.id || !can(actor, 'tokens.manage'))
    throw new AppError('forbidden', 'Only analysts and administrators can hold API tokens');
}

/**
 * Makes a personal API token: 32 random bytes, shown once in the answer; only its SHA-256 is
 * stored. Audited without the token.
 */
export function createApiToken(
  db: Db,
  ctx: ChangeContext,
  input: { name: string; expiresInDays?: number | null },
): { id: number; token: string; start: string; expiresAt: Date | null } {
  assertMayHoldTokens(ctx.actor);
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('invalid', 'Name the token (up to 100 characters)');
  const days = input.expiresInDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650))
    throw new AppError('invalid', 'A token expires after 1 to 3650 days, or never');
  const now = ctx.now ?? new Date();
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const start = token.slice(0, TOKEN_PREFIX.length + 6);
  const expiresAt = days === null ? null : new Date(now.getTime() + days * 86_400_000);
  return immediate(db, (tx) => {
    const row = tx
      .insert(apiTokens)
      .values({ userId: ctx.actor.id!, name, tokenHash: hashToken(token), start, createdAt: now, expiresAt })
      .returning({ id: apiTokens.id })
      .get();
    appendAudit(tx, ctx, {
      action: 'api_token.create',
      entity: 'api_token',
      entityId: row.id,
      newValue: { name, start, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { id: row.id, token, start, expiresAt };
  });
}

/** The actor's own tokens, newest first, never their hashes. */
export function listApiTokens(db: Db, actor: Actor): ApiTokenRow[] {
  if (!actor.id) return [];
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      start: apiTokens.start,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.id))
    .orderBy(desc(apiTokens.id))
    .all();
}

/** Revokes one of the actor's own tokens (anyone else's does not exist for them). */
export function revokeApiToken(db: Db, ctx: ChangeContext, id: number): void {
  immediate(db, (tx) => {
    const row = tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, ctx.actor.id ?? '')))
      .get();
    if (!row) throw new AppError('not_found', 'No such token');
    if (row.revokedAt) return;
    const now = ctx.now ?? new Date();
    tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).run();
    appendAudit(tx, ctx, {
      action: 'api_token.revoke',
      entity: 'api_token',
      entityId: id,
      oldValue: { name: row.name, start: row.start },
      newValue: { revokedAt: now.toISOString() },
    });
  });
}

/**
 * The actor a token speaks for: null when it is malformed, unknown, revoked or expired, or its
 * owner is disabled or may no longer hold tokens. Notes the last use (at most once a minute).
 */
export function actorForToken(db: Db, token: string, now = new Date()): Actor | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
  const actor = loadActor(db, row.userId);
  if (!actor || !can(actor, 'tokens.manage')) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS)
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  return actor;
}
