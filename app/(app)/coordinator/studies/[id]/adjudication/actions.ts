'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import {
  assignAdjudicator,
  reevaluateAdjudication,
  saveAdjudicationRules,
} from '@/db/queries/adjudication-admin';
import { runAction } from '@/lib/auth/action.server';

const ZStudyId = z.number().int().positive();

/** The rules are checked by the query itself (shape and lexicon), so the form gets per-feature errors. */
const ZSaveRules = z.object({ studyId: ZStudyId, config: z.unknown() });
const ZReevaluate = z.object({ studyId: ZStudyId });
const ZAssign = z.object({
  studyId: ZStudyId,
  taskId: z.number().int().positive(),
  adjudicatorId: z.string().min(1, 'Choose an adjudicator'),
  version: z.number().int().min(0),
});

const pageOf = (studyId: number) => `/coordinator/studies/${studyId}/adjudication`;

/** Saves the study's adjudication rules and re-evaluates every case. */
export async function saveAdjudicationRulesAction(input: unknown) {
  return runAction('coordinator.view', ZSaveRules, input, ({ studyId, config }, ctx) => {
    const counts = saveAdjudicationRules(getDb(), ctx, studyId, config);
    revalidatePath(pageOf(studyId));
    return counts;
  });
}

/** Re-evaluates every case of the study against its saved rules. */
export async function reevaluateAdjudicationAction(input: unknown) {
  return runAction('coordinator.view', ZReevaluate, input, ({ studyId }, ctx) => {
    const counts = reevaluateAdjudication(getDb(), ctx, studyId);
    revalidatePath(pageOf(studyId));
    return counts;
  });
}

/** Hands an open task to another adjudicator of the study. */
export async function assignAdjudicatorAction(input: unknown) {
  return runAction('coordinator.view', ZAssign, input, ({ studyId, taskId, adjudicatorId, version }, ctx) => {
    const result = assignAdjudicator(getDb(), ctx, { taskId, adjudicatorId, version });
    revalidatePath(pageOf(studyId));
    return result;
  });
}
