'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { setUserDisabled, setUserRole } from '@/db/queries/users';
import { runAction } from '@/lib/auth/action.server';
import { addUser } from '@/lib/users/create-user.server';
import { ZNewUser, ZSetDisabled, ZSetRole } from '@/lib/users/user-input';

export async function createUserAction(_prev: unknown, input: unknown) {
  const result = await runAction('users.manage', ZNewUser, input, (user, ctx) => addUser(getDb(), ctx, user));
  if (result.ok) revalidatePath('/admin');
  return result;
}

export async function setUserRoleAction(_prev: unknown, input: unknown) {
  const result = await runAction('users.manage', ZSetRole, input, (change, ctx) =>
    setUserRole(getDb(), ctx, change),
  );
  if (result.ok) revalidatePath('/admin');
  return result;
}

export async function setUserDisabledAction(_prev: unknown, input: unknown) {
  const result = await runAction('users.manage', ZSetDisabled, input, (change, ctx) =>
    setUserDisabled(getDb(), ctx, change),
  );
  if (result.ok) revalidatePath('/admin');
  return result;
}
