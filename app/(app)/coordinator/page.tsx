import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { StudiesTable } from '@/app/_components/studies-table';
import { getDb } from '@/db/client';
import { listStudiesInArea } from '@/db/queries/studies';
import { requirePage } from '@/lib/auth/session.server';

export const metadata: Metadata = { title: 'Studies' };

export default async function CoordinatorPage() {
  const actor = await requirePage('coordinator.view', '/coordinator');
  const studies = listStudiesInArea(getDb(), actor, 'coordinator');
  return (
    <>
      <PageHeader
        title="Studies"
        description="The reader studies you coordinate: cases, readers, progress and adjudication."
      />
      {studies.length ? (
        <StudiesTable
          studies={studies}
          label="Studies you coordinate"
          href={(s) => `/coordinator/studies/${s.id}/images`}
        />
      ) : (
        <EmptyState title="No studies yet">
          You coordinate no study yet. Studies you are added to as coordinator appear here.
        </EmptyState>
      )}
    </>
  );
}
