import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { StudiesTable } from '@/app/_components/studies-table';
import { getDb } from '@/db/client';
import { listStudiesInArea } from '@/db/queries/studies';
import { requirePage } from '@/lib/auth/session.server';

export const metadata: Metadata = { title: 'Adjudication' };

export default async function AdjudicatorPage() {
  const actor = await requirePage('adjudicator.view', '/adjudicator');
  const studies = listStudiesInArea(getDb(), actor, 'adjudicator');
  return (
    <>
      <PageHeader
        title="Adjudication"
        description="Cases where readers disagreed, routed to you to set the consensus."
      />
      {studies.length ? (
        <StudiesTable studies={studies} label="Studies you adjudicate" />
      ) : (
        <EmptyState title="No adjudication tasks">
          Nothing is waiting for you. Disagreements routed to you appear here.
        </EmptyState>
      )}
    </>
  );
}
