import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../client';
import { makeUser } from '../factories';
import { apiTokens, audit, users } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { actorForToken, createApiToken, hashToken, listApiTokens, revokeApiToken } from './api-tokens';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let analyst: string;
const ctxFor = (id: string, now?: Date) => ({ actor: loadActor(db, id)!, requestId: 'test', now });

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  analyst = makeUser(db, { role: 'analyst' }).id;
});
afterEach(() => t.close());

describe('API tokens', () => {
  it('shows the token once, stores only its hash, and lets it speak for its owner', () => {
    const made = createApiToken(db, ctxFor(analyst), { name: 'R script' });
    expect(made.token).toMatch(/^alx_[A-Za-z0-9_-]{43}$/);
    const row = db.select().from(apiTokens).where(eq(apiTokens.id, made.id)).get()!;
    expect(row.tokenHash).toBe(hashToken(made.token));
    expect(JSON.stringify(row)).not.toContain(made.token);
    expect(JSON.stringify(db.select().from(audit).all())).not.toContain(made.token);
    expect(actorForToken(db, made.token)?.id).toBe(analyst);
    expect(listApiTokens(db, loadActor(db, analyst)!)).toEqual([
      expect.objectContaining({
        id: made.id,
        name: 'R script',
        start: made.token.slice(0, 10),
        revokedAt: null,
      }),
    ]);
  });

  it('refuses revoked, expired, malformed and unknown tokens, and tokens of disabled owners', () => {
    const a = createApiToken(db, ctxFor(analyst), { name: 'a' });
    const b = createApiToken(db, ctxFor(analyst, new Date('2026-01-01')), { name: 'b', expiresInDays: 1 });
    revokeApiToken(db, ctxFor(analyst), a.id);
    expect(actorForToken(db, a.token)).toBeNull();
    expect(actorForToken(db, b.token, new Date('2026-01-01T12:00:00Z'))?.id).toBe(analyst);
    expect(actorForToken(db, b.token, new Date('2026-01-02T00:00:01Z'))).toBeNull();
    expect(actorForToken(db, 'alx_short')).toBeNull();
    expect(actorForToken(db, `alx_${'x'.repeat(43)}`)).toBeNull();
    const c = createApiToken(db, ctxFor(analyst), { name: 'c' });
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, analyst)).run();
    expect(actorForToken(db, c.token)).toBeNull();
    const actions = db
      .select({ action: audit.action })
      .from(audit)
      .all()
      .map((r) => r.action);
    expect(actions).toEqual(['api_token.create', 'api_token.create', 'api_token.revoke', 'api_token.create']);
  });

  it('is for analysts and administrators; nobody revokes anyone else’s token', () => {
    const reader = makeUser(db, { role: 'reader' }).id;
    expect(() => createApiToken(db, ctxFor(reader), { name: 'x' })).toThrow('Only analysts');
    const other = makeUser(db, { role: 'analyst' }).id;
    const mine = createApiToken(db, ctxFor(analyst), { name: 'mine' });
    expect(() => revokeApiToken(db, ctxFor(other), mine.id)).toThrow('No such token');
    expect(actorForToken(db, mine.token)?.id).toBe(analyst);
    expect(() => createApiToken(db, ctxFor(analyst), { name: ' ' })).toThrow('Name the token');
    expect(() => createApiToken(db, ctxFor(analyst), { name: 'n', expiresInDays: 0 })).toThrow('expires');
  });
});
