import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { getDb } from '@/db/client';
import { listStudyReads } from '@/db/queries/study-reads';
import { findStudyRef } from '@/db/queries/studies';
import { can } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session.server';
import { ReadsTable } from './reads-table';

export const metadata: Metadata = { title: 'Study reads' };

/** Every read of a study for its coordinator, where a submitted read can be reopened with a reason. */
export default async function StudyReadsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePage('coordinator.view', `/coordinator/studies/${id}/reads`);
  const db = getDb();
  const study = /^\d+$/.test(id) ? findStudyRef(db, id) : null;
  if (!study || !can(actor, 'study.manage', { studyId: study.id })) notFound();
  const rows = listStudyReads(db, study.id);
  return (
    <>
      <PageHeader
        title={`Reads: ${study.slug}`}
        description="Each reader's reads of each case. A submitted read stays locked unless you reopen it with a reason."
      />
      {rows.length ? (
        <ReadsTable rows={rows} />
      ) : (
        <EmptyState title="No reads yet">Reads appear here once readers are assigned cases.</EmptyState>
      )}
    </>
  );
}
