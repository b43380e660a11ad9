import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { StudiesTable } from '@/app/_components/studies-table';
import { Button } from '@/app/_components/ui/button';
import { getDb } from '@/db/client';
import { listStudiesInArea } from '@/db/queries/studies';
import { can } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session.server';

export const metadata: Metadata = { title: 'Studies' };

export default async function CoordinatorPage() {
  const actor = await requirePage('coordinator.view', '/coordinator');
  const studies = listStudiesInArea(getDb(), actor, 'coordinator');
  const canCreate = can(actor, 'study.create');
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Studies"
          description="The reader studies you coordinate: cases, readers, progress and adjudication."
        />
        {canCreate ? (
          <Button asChild>
            <Link href="/coordinator/studies/new">New study</Link>
          </Button>
        ) : null}
      </div>
      {studies.length ? (
        <StudiesTable
          studies={studies}
          label="Studies you coordinate"
          href={(s) => `/coordinator/studies/${s.id}`}
        />
      ) : (
        <EmptyState title="No studies yet">
          You coordinate no study yet. Studies you are added to as coordinator appear here.
          {canCreate ? ' To start one, use New study.' : null}
        </EmptyState>
      )}
    </>
  );
}
