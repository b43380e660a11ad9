import { getDb } from '@/db/client';
import { progressStudy, studyProgress } from '@/db/queries/progress';
import { getStudyDetail } from '@/db/queries/study-detail';
import { apiRoute } from '@/lib/auth/api.server';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { isoDate, progressCsv } from '@/lib/study/progress';
import { fileSafe } from '@/lib/export/filename';

export const dynamic = 'force-dynamic';

/** The study's progress as CSV, one row per read (its coordinators). 404 for studies one does not manage. */
export const GET = apiRoute(
  'coordinator.view',
  async (actor, _request, { params }: { params: Promise<{ id: string }> }) => {
    const id = (await params).id;
    const db = getDb();
    const study = /^\d+$/.test(id) ? getStudyDetail(db, Number(id)) : null;
    if (!study || !can(actor, 'study.manage', { studyId: study.id }))
      throw new AppError('not_found', 'No such study');
    const now = Date.now();
    const filename = `${fileSafe(study.slug)}-progress-${isoDate(now)}.csv`;
    const csv = progressCsv(studyProgress(db, study.id), progressStudy(study), now);
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
);
