import 'server-only';
import { hashPassword } from 'better-auth/crypto';
import type { Db } from '@/db/client';
import type { ChangeContext } from '@/db/queries/audit';
import { createUser } from '@/db/queries/users';
import type { TNewUser } from './user-input';

/** Hashes the password with the auth library (scrypt), then stores user, login and audit row together. */
export async function addUser(db: Db, ctx: ChangeContext, input: TNewUser): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  return createUser(db, ctx, { email: input.email, name: input.name, role: input.role, passwordHash });
}
