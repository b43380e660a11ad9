import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { StudiesTable } from '@/app/_components/studies-table';
import { getDb } from '@/db/client';
import { listStudiesInArea } from '@/db/queries/studies';
import { can } from '@/lib/auth/permissions';
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
      {can(actor, 'tokens.manage') ? (
        <nav aria-label="Analysis tools" className="-mt-2 mb-6 text-sm">
          <Link
            href="/analyst/tokens"
            className="text-primary underline underline-offset-4"
            data-testid="api-tokens-link"
          >
            API tokens
          </Link>
          <span className="text-muted-foreground"> for downloading exports from R, Python or curl</span>
        </nav>
      ) : null}
      {studies.length ? (
        <StudiesTable
          studies={studies}
          label="Studies you analyse"
          href={(s) => `/analyst/studies/${s.id}/agreement`}
          actions={{
            header: 'Analyses',
            cell: (s) => (
              <span className="flex flex-wrap gap-3">
                <Link
                  href={`/analyst/studies/${s.id}/agreement`}
                  className="text-primary underline underline-offset-4"
                  aria-describedby={`study-${s.id}-name`}
                  data-testid={`agreement-link-${s.id}`}
                >
                  Agreement
                </Link>
                {can(actor, 'export.run', { studyId: s.id }) ? (
                  <Link
                    href={`/analyst/studies/${s.id}/export`}
                    className="text-primary underline underline-offset-4"
                    aria-describedby={`study-${s.id}-name`}
                    data-testid={`export-link-${s.id}`}
                  >
                    Export
                  </Link>
                ) : null}
                {can(actor, 'genomics.manage', { studyId: s.id }) ? (
                  <Link
                    href={`/analyst/studies/${s.id}/genomics`}
                    className="text-primary underline underline-offset-4"
                    aria-describedby={`study-${s.id}-name`}
                    data-testid={`genomics-link-${s.id}`}
                  >
                    Genomics
                  </Link>
                ) : null}
              </span>
            ),
          }}
        />
      ) : (
        <EmptyState title="No studies to analyse">
          A study coordinator adds you as analyst of a study; it then appears here.
        </EmptyState>
      )}
    </>
  );
}
