import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { StudiesTable } from '@/app/_components/studies-table';
import { getDb } from '@/db/client';
import { listStudiesInArea } from '@/db/queries/studies';
import { requirePage } from '@/lib/auth/session.server';

export const metadata: Metadata = { title: 'Analysis' };

export default async function AnalystPage() {
  const actor = await requirePage('analyst.view', '/analyst');
  const studies = listStudiesInArea(getDb(), actor, 'analyst');
  return (
    <>
      <PageHeader
        title="Analysis"
        description="Agreement statistics, feature exports and genomic associations for the studies you analyse."
      />
      {studies.length ? (
        <StudiesTable
          studies={studies}
          label="Studies you analyse"
          href={(s) => `/analyst/studies/${s.id}/agreement`}
        />
      ) : (
        <EmptyState title="No studies to analyse">
          A study coordinator adds you as analyst of a study; it then appears here.
        </EmptyState>
      )}
    </>
  );
}
