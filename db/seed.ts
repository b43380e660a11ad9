import { hashPassword } from 'better-auth/crypto';
import type { GlobalRole } from '@/lib/auth/roles';
import type { Db } from './client';
import { CLI_ACTOR } from './queries/actors';
import { createUser, findUserIdByEmail } from './queries/users';

/** Demo logins, printed by `npm start`. For a local demo only: never seed them on a real server. */
export const DEMO_PASSWORD = 'annolex-demo';

export const DEMO_USERS: { email: string; name: string; role: GlobalRole }[] = [
  { email: 'admin@example.org', name: 'Ada Admin', role: 'admin' },
  { email: 'coordinator@example.org', name: 'Cora Coordinator', role: 'coordinator' },
  { email: 'reader1@example.org', name: 'Dr. Rhea Reader', role: 'reader' },
  { email: 'reader2@example.org', name: 'Dr. Ravi Reader', role: 'reader' },
  { email: 'reader3@example.org', name: 'Dr. Rosa Reader', role: 'reader' },
  { email: 'adjudicator@example.org', name: 'Dr. Jude Adjudicator', role: 'adjudicator' },
  { email: 'analyst@example.org', name: 'Ana Analyst', role: 'analyst' },
];

/** Creates the demo users that do not exist yet. Idempotent. */
export async function seedDemoUsers(db: Db, requestId: string | null = null): Promise<{ created: number }> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    if (findUserIdByEmail(db, u.email)) continue;
    createUser(db, { actor: CLI_ACTOR, requestId }, { ...u, passwordHash });
    created++;
  }
  return { created };
}
