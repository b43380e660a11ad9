import { getDb } from '@/db/client';
import { getAssociationRun } from '@/db/queries/association-runs';
import { getStudyDetail } from '@/db/queries/study-detail';
import { apiRoute } from '@/lib/auth/api.server';
import { AppError } from '@/lib/errors';
import { associationResultsCsv } from '@/lib/genomics/results-csv';
import { fileSafe } from '@/lib/export/filename';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string; runId: string }> };

/** An association run's results as CSV with its method notes (the study's analysts; API tokens too). */
export const GET = apiRoute(
  'analyst.view',
  async (actor, _request, { params }: Params) => {
    const { id, runId } = await params;
    if (!/^\d+$/.test(id) || !/^\d+$/.test(runId)) throw new AppError('not_found', 'No such run');
    const db = getDb();
    const run = getAssociationRun(db, actor, Number(id), Number(runId));
    const study = getStudyDetail(db, Number(id));
    if (!study) throw new AppError('not_found', 'No such study');
    const csv = associationResultsCsv(run, {
      study: study.slug,
      table: run.tableName,
      params: run.params,
      createdAt: run.createdAt,
    });
    const filename = `${fileSafe(study.slug)}-associations-run${run.id}.csv`;
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { tokens: true },
);
