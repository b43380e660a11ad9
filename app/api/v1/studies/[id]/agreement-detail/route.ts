import { apiRoute } from '@/lib/auth/api.server';
import { AppError } from '@/lib/errors';
import { AGREEMENT_VIEWS, agreementView, type AgreementView } from '@/lib/stats/agreement-view.server';

export const dynamic = 'force-dynamic';

/** The plot data of one feature's agreement (confusion matrices or Bland–Altman points), for the study's analysts. */
export const GET = apiRoute(
  'analyst.view',
  async (actor, request, { params }: { params: Promise<{ id: string }> }) => {
    const studyId = Number((await params).id);
    const url = new URL(request.url);
    const view = (url.searchParams.get('view') ?? 'inter') as AgreementView;
    const key = url.searchParams.get('key') ?? '';
    if (!Number.isInteger(studyId) || !AGREEMENT_VIEWS.includes(view))
      throw new AppError('not_found', 'No such study or view');
    const { results } = agreementView(
      actor,
      studyId,
      view,
      url.searchParams.get('missingness') === 'include',
      key,
    );
    const result = results.find((r) => r.key === key);
    if (!result) throw new AppError('not_found', 'No such feature');
    return Response.json(
      { confusion: result.confusion ?? null, blandAltman: result.blandAltman ?? null },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);
