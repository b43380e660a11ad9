import { getDb } from '@/db/client';
import { loadStudyAnswers } from '@/db/queries/agreement-data';
import { apiRoute } from '@/lib/auth/api.server';
import { AppError } from '@/lib/errors';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { featureUnits } from '@/lib/stats/feature-units';

export const dynamic = 'force-dynamic';

/** The ratings each agreement statistic is computed on (readers as "Reader n"), for the analyst's bootstrap. */
export const GET = apiRoute(
  'analyst.view',
  async (actor, request, { params }: { params: Promise<{ id: string }> }) => {
    const studyId = Number((await params).id);
    if (!Number.isInteger(studyId)) throw new AppError('not_found', 'No such study');
    const data = loadStudyAnswers(getDb(), actor, studyId);
    const labels = new Map(data.readers.map((r) => [r.id, r.label]));
    const includeMissingness = new URL(request.url).searchParams.get('missingness') === 'include';
    const units = featureUnits(buildFormModel(data.lexicon), data.rows, {
      includeMissingness,
      readerLabel: (id) => labels.get(id) ?? 'Reader',
    })
      .filter((u) => u.ratings.length > 0)
      .map(({ key, label, kind, categories, ratings }) => ({ key, label, kind, categories, ratings }));
    return Response.json({ units }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
