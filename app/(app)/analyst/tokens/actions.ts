'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { createApiToken, revokeApiToken } from '@/db/queries/api-tokens';
import { runAction } from '@/lib/auth/action.server';
import { ZNewToken, ZRevokeToken } from './token-input';

/** Creates a personal API token. The token itself is in the answer once and is never stored. */
export async function createApiTokenAction(_prev: unknown, input: unknown) {
  const result = await runAction('tokens.manage', ZNewToken, input, ({ name, expiresIn }, ctx) => {
    const created = createApiToken(getDb(), ctx, {
      name,
      expiresInDays: expiresIn === 'never' ? null : Number(expiresIn),
    });
    return {
      id: created.id,
      name,
      token: created.token,
      start: created.start,
      expiresAt: created.expiresAt?.toISOString() ?? null,
    };
  });
  if (result.ok) revalidatePath('/analyst/tokens');
  return result;
}

/** Revokes one of the user's own tokens; scripts using it are refused from then on. */
export async function revokeApiTokenAction(_prev: unknown, input: unknown) {
  const result = await runAction('tokens.manage', ZRevokeToken, input, ({ id }, ctx) =>
    revokeApiToken(getDb(), ctx, id),
  );
  if (result.ok) revalidatePath('/analyst/tokens');
  return result;
}
