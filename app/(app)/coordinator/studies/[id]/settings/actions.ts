'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { addStudyMember, removeStudyMember, updateStudySettings } from '@/db/queries/study-settings';
import { runAction } from '@/lib/auth/action.server';
import { ZStudyMemberChange, ZStudySettingsPatch } from '@/lib/study/study-input';

const ZSettingsChange = ZStudySettingsPatch.extend({ studyId: z.number().int().positive() });

/** Everything under the study's coordinator pages, and the study lists that show its name and status. */
function revalidateStudy(studyId: number) {
  revalidatePath(`/coordinator/studies/${studyId}`, 'layout');
  revalidatePath('/coordinator');
}

// Each action passes the area gate here; the query then checks study.manage on the study itself.

export async function updateStudySettingsAction(_prev: unknown, input: unknown) {
  const result = await runAction(
    'coordinator.view',
    ZSettingsChange,
    input,
    ({ studyId, ...patch }, ctx) => ({
      studyId,
      ...updateStudySettings(getDb(), ctx, studyId, patch),
    }),
  );
  if (result.ok) revalidateStudy(result.data.studyId);
  return result;
}

export async function addStudyMemberAction(_prev: unknown, input: unknown) {
  const result = await runAction('coordinator.view', ZStudyMemberChange, input, (change, ctx) => {
    addStudyMember(getDb(), ctx, change);
    return change;
  });
  if (result.ok) revalidateStudy(result.data.studyId);
  return result;
}

export async function removeStudyMemberAction(_prev: unknown, input: unknown) {
  const result = await runAction('coordinator.view', ZStudyMemberChange, input, (change, ctx) => {
    removeStudyMember(getDb(), ctx, change);
    return change;
  });
  if (result.ok) revalidateStudy(result.data.studyId);
  return result;
}
