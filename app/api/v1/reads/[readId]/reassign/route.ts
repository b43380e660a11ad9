import { z } from 'zod';
import { getDb } from '@/db/client';
import { reassignRead } from '@/db/queries/reassign';
import { apiRoute } from '@/lib/auth/api.server';
import { changeContext } from '@/lib/auth/session.server';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const ZBody = z.object({ readerId: z.string().min(1).max(200) });

/** Gives a not-started session-1 read to another reader of the study (its coordinators). 404 for reads of other studies. */
export const POST = apiRoute(
  'coordinator.view',
  async (actor, request, { params }: { params: Promise<{ readId: string }> }) => {
    const readId = Number((await params).readId);
    const body = ZBody.safeParse(await request.json().catch(() => null));
    if (!Number.isInteger(readId) || !body.success) throw new AppError('invalid', 'Send {readerId} as JSON');
    const done = reassignRead(getDb(), await changeContext(actor), { readId, readerId: body.data.readerId });
    return Response.json(done, { headers: { 'Cache-Control': 'no-store' } });
  },
);
