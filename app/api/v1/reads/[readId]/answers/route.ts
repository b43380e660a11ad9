import { z } from 'zod';
import { getDb } from '@/db/client';
import { saveReadAnswers } from '@/db/queries/answers';
import { apiRoute } from '@/lib/auth/api.server';
import { changeContext } from '@/lib/auth/session.server';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const ZBody = z.object({
  mode: z.enum(['draft', 'submit']),
  version: z.number().int().min(0),
  answers: z.record(z.string(), z.unknown()),
  measurements: z.record(z.string(), z.unknown()).optional(),
  activeMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .optional(),
});

/** Saves the caller's answers to their own read (draft or submit). 422 for answers the lexicon does not allow, 409 when stale. */
export const PUT = apiRoute(
  'reader.view',
  async (actor, request, { params }: { params: Promise<{ readId: string }> }) => {
    const readId = Number((await params).readId);
    const body = ZBody.safeParse(await request.json().catch(() => null));
    if (!Number.isInteger(readId) || !body.success)
      throw new AppError('invalid', 'Send {mode, version, answers, measurements?, activeMs?} as JSON');
    const saved = saveReadAnswers(getDb(), await changeContext(actor), { readId, ...body.data });
    return Response.json(saved, { headers: { 'Cache-Control': 'no-store' } });
  },
);
