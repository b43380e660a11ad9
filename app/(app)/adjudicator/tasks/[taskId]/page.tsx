import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { adjudicationTaskForAdjudicator } from '@/db/queries/adjudicator-tasks';
import { canViewCaseImages, caseSeries } from '@/db/queries/imaging';
import { requirePage } from '@/lib/auth/session.server';
import { protocolFor } from '@/lib/dicom/hanging-protocol';
import { hangingProtocols } from '@/lib/dicom/hanging-protocols.server';
import { AdjudicationWorkspace } from './adjudication-workspace';

export const metadata: Metadata = { title: 'Adjudication task' };

/**
 * One adjudication task for its adjudicator: the case's images beside the features the readers
 * disagreed on. Anyone else's task, and a withdrawn one, is a 404.
 */
export default async function AdjudicationTaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ taskId: string }>;
  searchParams: Promise<{ renderer?: string }>;
}) {
  const { taskId } = await params;
  const actor = await requirePage('adjudicator.view', `/adjudicator/tasks/${taskId}`);
  const id = Number(taskId);
  const db = getDb();
  const data = Number.isSafeInteger(id) && id > 0 ? adjudicationTaskForAdjudicator(db, actor, id) : null;
  if (!data) notFound();
  const renderer = (await searchParams).renderer === 'cpu' ? 'cpu' : 'auto';
  const series = canViewCaseImages(db, actor, data.kase.id) ? caseSeries(db, data.kase.id) : [];
  return (
    <AdjudicationWorkspace
      data={data}
      series={series}
      protocol={protocolFor(hangingProtocols(), data.lexiconKey)}
      renderer={renderer}
    />
  );
}
