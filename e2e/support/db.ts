import path from 'node:path';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import { createDb, type Db } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { CLI_ACTOR } from '@/db/queries/actors';
import { createUser } from '@/db/queries/users';
import { audit, users } from '@/db/schema';
import type { GlobalRole } from '@/lib/auth/roles';
import { sharedEnv } from '@/lib/env';

let db: Db | undefined;

/** The e2e server's database, opened beside it (WAL allows both). */
export function testDb(): Db {
  if (!db) {
    const dir = sharedEnv('ANNOLEX_E2E_DATA_DIR', () => {
      throw new Error('run the e2e tests through playwright.config.ts');
    });
    db = createDb(openSqlite(path.join(dir, 'annolex.db')));
  }
  return db;
}

/** Creates a user who can log in, with a unique email. */
export async function createLoginUser(role: GlobalRole, password = 'e2e-password-1') {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@e2e.example.org`;
  const { id } = createUser(
    testDb(),
    { actor: CLI_ACTOR, requestId: 'e2e' },
    { email, name: `E2E ${role}`, role, passwordHash: await hashPassword(password) },
  );
  return { id, email, password };
}

export function userByEmail(email: string) {
  return testDb().select().from(users).where(eq(users.email, email)).get();
}

/** Audit actions recorded for an entity or an actor, oldest first. */
export function auditActionsBy(actorId: string): string[] {
  return testDb()
    .select({ action: audit.action })
    .from(audit)
    .where(eq(audit.actorId, actorId))
    .orderBy(audit.id)
    .all()
    .map((r) => r.action);
}
