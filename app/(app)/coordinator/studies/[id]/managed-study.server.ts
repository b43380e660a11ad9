import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { getStudyDetail, type StudyDetail } from '@/db/queries/study-detail';
import { can, type Actor } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session.server';

/** A study's detail, read once per request however many of the layout and page ask for it. */
export const studyDetailOnce = cache((id: string): StudyDetail | null =>
  /^\d+$/.test(id) ? getStudyDetail(getDb(), Number(id)) : null,
);

/**
 * The study a coordinator page is about: the page's own gate (signed in, coordinator area,
 * study.manage on this study). Anything else is a 404, so a study one does not manage is
 * indistinguishable from one that does not exist.
 */
export async function requireManagedStudy(
  id: string,
  subpath = '',
): Promise<{ actor: Actor; study: StudyDetail }> {
  const actor = await requirePage('coordinator.view', `/coordinator/studies/${id}${subpath}`);
  const study = studyDetailOnce(id);
  if (!study || !can(actor, 'study.manage', { studyId: study.id })) notFound();
  return { actor, study };
}
