import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { getDb } from '@/db/client';
import { listWorklist, nextRead, pendingRereads } from '@/db/queries/worklist';
import Link from 'next/link';
import { ArrowRight } from 'lucide-react';
import { Button } from '@/app/_components/ui/button';
import { requirePage } from '@/lib/auth/session.server';
import { WorklistTable } from './worklist-table';

export const metadata: Metadata = { title: 'Worklist' };

export default async function ReaderPage() {
  const actor = await requirePage('reader.view', '/reader');
  const rows = listWorklist(getDb(), actor);
  const rereads = pendingRereads(getDb(), actor);
  const submitted = rows.filter((r) => r.status === 'submitted').length;
  const now = new Date();
  const next = nextRead(rows, now);
  return (
    <>
      <PageHeader
        title="Worklist"
        description={
          rows.length ? `${submitted} / ${rows.length} submitted` : 'Your assigned cases, in your own order.'
        }
      />
      {next ? (
        <div className="mb-4">
          <Button asChild>
            <Link href={`/reader/reads/${next.readId}`}>
              Next case: {next.caseLabel} <ArrowRight aria-hidden />
            </Link>
          </Button>
        </div>
      ) : rows.length ? (
        <p className="mb-4 text-sm text-muted-foreground">Nothing left to read now.</p>
      ) : null}
      {rereads.map((r) => (
        <p key={r.studyName} className="mb-4 text-sm text-muted-foreground" data-testid="reread-notice">
          {r.studyName}: your re-reads (session 2) are scheduled when you submit your last first-session case,
          and open {r.washoutDays} day{r.washoutDays === 1 ? '' : 's'} later, in a new order.
        </p>
      ))}
      {rows.length ? (
        <WorklistTable rows={rows} now={now} />
      ) : (
        <EmptyState title="No cases assigned yet">
          When a coordinator assigns you cases in a study, they appear here.
        </EmptyState>
      )}
    </>
  );
}
