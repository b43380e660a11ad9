import { apiRoute } from '@/lib/auth/api.server';

export const dynamic = 'force-dynamic';

/** The signed-in user: id, email, role and study memberships. */
export const GET = apiRoute('account.view', async (actor) =>
  Response.json(
    { id: actor.id, email: actor.email, name: actor.name, role: actor.role, memberships: actor.memberships },
    { headers: { 'Cache-Control': 'no-store' } },
  ),
);
