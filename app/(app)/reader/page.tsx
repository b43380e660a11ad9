import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { getDb } from '@/db/client';
import { listWorklist } from '@/db/queries/worklist';
import { requirePage } from '@/lib/auth/session.server';
import { WorklistTable } from './worklist-table';

export const metadata: Metadata = { title: 'Worklist' };

export default async function ReaderPage() {
  const actor = await requirePage('reader.view', '/reader');
  const rows = listWorklist(getDb(), actor);
  const submitted = rows.filter((r) => r.status === 'submitted').length;
  return (
    <>
      <PageHeader
        title="Worklist"
        description={
          rows.length ? `${submitted} / ${rows.length} submitted` : 'Your assigned cases, in your own order.'
        }
      />
      {rows.length ? (
        <WorklistTable rows={rows} />
      ) : (
        <EmptyState title="No cases assigned yet">
          When a coordinator assigns you cases in a study, they appear here.
        </EmptyState>
      )}
    </>
  );
}
