import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { loadActor } from '@/db/queries/actors';
import type { ChangeContext } from '@/db/queries/audit';
import { getAuth } from './auth.server';
import { can, type Actor, type AreaPermission } from './permissions';

/** The signed-in actor for this request (role and memberships fresh from the database), or null. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getAuth().api.getSession({ headers: await headers() });
  return session ? loadActor(getDb(), session.user.id) : null;
});

/** The request id: a proxy's X-Request-Id when it sends a sane one, else a new one. */
export const getRequestId = cache(async (): Promise<string> => {
  const given = (await headers()).get('x-request-id');
  return given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
});

export async function changeContext(actor: Actor): Promise<ChangeContext> {
  return { actor, requestId: await getRequestId() };
}

/**
 * The gate at the top of every page: a visitor goes to the login page (and back here after),
 * an actor without the permission gets 403.
 */
export async function requirePage(permission: AreaPermission, path: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (!can(actor, permission)) forbidden();
  return actor;
}
