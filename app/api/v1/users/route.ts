import { getDb } from '@/db/client';
import { listUsers } from '@/db/queries/users';
import { apiRoute } from '@/lib/auth/api.server';

export const dynamic = 'force-dynamic';

/** Every user account (administrators only). */
export const GET = apiRoute('users.manage', async (actor) =>
  Response.json({ users: listUsers(getDb(), actor) }, { headers: { 'Cache-Control': 'no-store' } }),
);
