import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session.server';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { AnalysisNav } from '../analysis-nav';
import { ExportForm } from './export-form';
import type { ExportPageData } from './export-types';
import { exportPageData } from './page-data.server';

export const metadata: Metadata = { title: 'Export' };

export default async function ExportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePage('analyst.view', `/analyst/studies/${id}/export`);
  const studyId = Number(id);
  if (!Number.isInteger(studyId) || !can(actor, 'export.run', { studyId })) notFound();

  let data: ExportPageData;
  try {
    data = exportPageData(getDb(), actor, studyId);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    if (isAppError(error) && error.code === 'conflict') {
      return (
        <>
          <PageHeader title="Export" />
          <EmptyState title="Nothing to export yet">
            This study has no lexicon yet, so it has no features to export. A coordinator chooses the lexicon
            in the study&apos;s settings.
          </EmptyState>
        </>
      );
    }
    throw error;
  }

  const { study, lexicon } = data;
  const sessions = study.readSessions >= 2 ? ` · ${study.readSessions} reading sessions` : '';
  return (
    <>
      <PageHeader
        title={`Export: ${study.name}`}
        description={`${lexicon.title} ${lexicon.version} · ${data.submittedReads} submitted read${data.submittedReads === 1 ? '' : 's'} · ${data.readers.length} reader${data.readers.length === 1 ? '' : 's'}${sessions} · ${data.hasConsensus ? 'consensus values available' : 'no consensus values yet'}`}
      />
      <AnalysisNav actor={actor} studyId={study.id} current="export" />
      <ExportForm data={data} baseUrl={getEnv().baseUrl} />
    </>
  );
}
