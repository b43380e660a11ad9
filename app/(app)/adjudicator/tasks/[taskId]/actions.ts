'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { saveConsensus } from '@/db/queries/adjudicator-tasks';
import { runAction } from '@/lib/auth/action.server';

const ZConsensusValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

const ZSaveConsensus = z.object({
  taskId: z.number().int().positive(),
  version: z.number().int().min(0),
  values: z
    .array(
      z.object({
        path: z.string().min(1).max(200),
        value: ZConsensusValue,
        comment: z.string().max(10_000).nullable().optional(),
      }),
    )
    .max(500),
  complete: z.boolean(),
});

/**
 * Saves the adjudicator's consensus values for a task, and completes it when asked. The
 * query checks the assignment, the study permission, the version and every value itself.
 */
export async function saveConsensusAction(input: unknown) {
  const saved = { taskId: 0 };
  const result = await runAction('adjudicator.view', ZSaveConsensus, input, (data, ctx) => {
    saved.taskId = data.taskId;
    return saveConsensus(getDb(), ctx, data);
  });
  if (result.ok) {
    revalidatePath('/adjudicator');
    revalidatePath(`/adjudicator/tasks/${saved.taskId}`);
  }
  return result;
}
