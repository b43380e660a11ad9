import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AnalysisNav } from '../analysis-nav';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { requirePage } from '@/lib/auth/session.server';
import { isAppError } from '@/lib/errors';
import {
  AGREEMENT_VIEWS,
  agreementView,
  summarize,
  type AgreementView,
} from '@/lib/stats/agreement-view.server';
import { AgreementDashboard } from './agreement-dashboard';
import { BootstrapPanel } from './bootstrap-panel';
import { ReferenceUpload } from './reference-upload';

export const metadata: Metadata = { title: 'Agreement' };

const VIEWS = [
  { id: 'inter', label: 'Inter-reader' },
  { id: 'intra', label: 'Intra-reader' },
  { id: 'consensus', label: 'Reader vs consensus' },
  { id: 'reference', label: 'Reader vs reference' },
] as const;

export default async function AgreementPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ view?: string; missingness?: string }>;
}) {
  const { id } = await params;
  const { view = 'inter', missingness } = await searchParams;
  const actor = await requirePage('analyst.view', `/analyst/studies/${id}/agreement`);
  const studyId = Number(id);
  if (!Number.isInteger(studyId)) notFound();
  const includeMissingness = missingness === 'include';
  const current: AgreementView = (AGREEMENT_VIEWS as readonly string[]).includes(view)
    ? (view as AgreementView)
    : 'inter';
  let computed;
  try {
    computed = agreementView(actor, studyId, current, includeMissingness);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  const { data, model, hasStandard } = computed;
  const results = computed.results.map(summarize);
  const link = (v: string, m = missingness) =>
    `/analyst/studies/${studyId}/agreement?view=${v}${m ? `&missingness=${m}` : ''}`;
  return (
    <>
      <PageHeader
        title={`Agreement: ${data.study.name}`}
        description={`${model.title} ${model.version} · ${data.cases} cases with submitted reads · ${data.readers.length} readers · conventions in the method note of each statistic (hover) and the README`}
      />
      <AnalysisNav actor={actor} studyId={studyId} current="agreement" />
      <nav aria-label="Agreement views" className="mb-4 flex flex-wrap gap-2">
        {VIEWS.map((v) => (
          <Link
            key={v.id}
            href={link(v.id)}
            aria-current={view === v.id ? 'page' : undefined}
            className={`rounded-md border px-3 py-1.5 text-sm ${view === v.id ? 'border-primary bg-primary/10' : 'hover:bg-accent'}`}
          >
            {v.label}
          </Link>
        ))}
        <Link
          href={link(view, includeMissingness ? undefined : 'include')}
          className="ml-auto rounded-md px-3 py-1.5 text-sm text-primary hover:underline"
        >
          {includeMissingness
            ? 'Leave out not assessable / not applicable'
            : 'Count not assessable / not applicable as categories'}
        </Link>
      </nav>
      {results.length ? (
        <div className="flex flex-col gap-8">
          <AgreementDashboard
            results={results}
            slug={data.study.slug}
            studyId={studyId}
            view={current}
            includeMissingness={includeMissingness}
          />
          {view === 'inter' ? (
            <BootstrapPanel studyId={studyId} includeMissingness={includeMissingness} />
          ) : null}
        </div>
      ) : view === 'inter' ? (
        <EmptyState title="No submitted reads yet">
          Agreement appears once at least two readers have submitted reads of the same cases.
        </EmptyState>
      ) : view === 'intra' ? (
        <EmptyState title="No re-reads in this study">
          Intra-reader agreement needs a second read session after a wash-out; this study has one session.
        </EmptyState>
      ) : view === 'consensus' ? (
        <EmptyState title="No consensus yet">
          Reader-vs-consensus agreement appears once an adjudicator has set consensus values.
        </EmptyState>
      ) : (
        <EmptyState title="No reference standard">
          Reader-vs-reference agreement appears once a reference standard is uploaded for this study.
        </EmptyState>
      )}
      {view === 'reference' ? (
        <div className="mt-6">
          <ReferenceUpload studyId={studyId} replacing={hasStandard} />
        </div>
      ) : null}
    </>
  );
}
