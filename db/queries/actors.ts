import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/permissions';
import type { Db } from '../client';
import { studyMembers, users } from '../schema';

/** The actor for a signed-in user id, fresh from the database; null when unknown or disabled. */
export function loadActor(db: Db, userId: string): Actor | null {
  const user = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user || user.disabledAt) return null;
  const memberships = db
    .select({ studyId: studyMembers.studyId, role: studyMembers.role })
    .from(studyMembers)
    .where(eq(studyMembers.userId, userId))
    .all();
  return { id: user.id, email: user.email, name: user.name, role: user.role, memberships };
}

/** The command line acts on the local database as an administrator; audit rows say "cli". */
export const CLI_ACTOR: Actor = {
  id: null,
  email: 'cli',
  name: 'Command line',
  role: 'admin',
  memberships: [],
};
