'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { applyAssignment, assignmentState, planForState } from '@/db/queries/assignment';
import { runAction } from '@/lib/auth/action.server';
import { ZAssignmentDesign } from '@/lib/study/design-types';
import { previewView } from './preview-view';

const ZDesignInput = z.object({
  studyId: z.number().int().positive(),
  design: ZAssignmentDesign,
});

/** What confirming a design would create, for the preview. Changes nothing. */
export async function previewAssignmentAction(input: unknown) {
  return runAction('coordinator.view', ZDesignInput, input, ({ studyId, design }, ctx) => {
    const state = assignmentState(getDb(), ctx.actor, studyId);
    return previewView(planForState(state, design), {
      caseIds: state.cases.map((c) => c.id),
      readerIds: state.readers.map((r) => r.id),
      existing: state.existing,
      sessions: state.study.readSessions,
    });
  });
}

/** Creates the reads of the design's new assignments and stores the design. */
export async function applyAssignmentAction(input: unknown) {
  const result = await runAction('coordinator.view', ZDesignInput, input, ({ studyId, design }, ctx) =>
    applyAssignment(getDb(), ctx, studyId, design),
  );
  if (result.ok) revalidatePath('/coordinator/studies/[id]', 'layout');
  return result;
}
