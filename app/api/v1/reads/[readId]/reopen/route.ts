import { z } from 'zod';
import { getDb } from '@/db/client';
import { reopenRead } from '@/db/queries/reopen';
import { apiRoute } from '@/lib/auth/api.server';
import { changeContext } from '@/lib/auth/session.server';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const ZBody = z.object({ reason: z.string().max(1000) });

/** Reopens a submitted read with a reason (the study's coordinators). 404 for reads of other studies. */
export const POST = apiRoute(
  'coordinator.view',
  async (actor, request, { params }: { params: Promise<{ readId: string }> }) => {
    const readId = Number((await params).readId);
    const body = ZBody.safeParse(await request.json().catch(() => null));
    if (!Number.isInteger(readId) || !body.success) throw new AppError('invalid', 'Send {reason} as JSON');
    const done = reopenRead(getDb(), await changeContext(actor), { readId, reason: body.data.reason });
    return Response.json(done, { headers: { 'Cache-Control': 'no-store' } });
  },
);
