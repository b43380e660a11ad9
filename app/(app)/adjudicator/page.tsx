import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { Badge } from '@/app/_components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { getDb } from '@/db/client';
import { listMyAdjudicationTasks } from '@/db/queries/adjudicator-tasks';
import { requirePage } from '@/lib/auth/session.server';

export const metadata: Metadata = { title: 'Adjudication' };

/** The adjudicator's tasks: cases where readers disagreed, open ones first. */
export default async function AdjudicatorPage() {
  const actor = await requirePage('adjudicator.view', '/adjudicator');
  const tasks = listMyAdjudicationTasks(getDb(), actor);
  const open = tasks.filter((t) => t.status === 'open').length;
  return (
    <>
      <PageHeader
        title="Adjudication"
        description={
          tasks.length
            ? `${open} open · ${tasks.length - open} done. Cases where readers disagreed, routed to you to set the consensus.`
            : 'Cases where readers disagreed, routed to you to set the consensus.'
        }
      />
      {tasks.length ? (
        <Table aria-label="Your adjudication tasks">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Study</TableHead>
              <TableHead scope="col">Case</TableHead>
              <TableHead scope="col">Features to settle</TableHead>
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col">
                <span className="sr-only">Action</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tasks.map((t) => (
              <TableRow key={t.taskId} data-testid="adjudication-task-row">
                <TableCell>{t.studyName}</TableCell>
                <TableCell className="font-medium">{t.caseLabel}</TableCell>
                <TableCell className="tabular-nums">{t.features}</TableCell>
                <TableCell>
                  {t.status === 'open' ? (
                    <Badge>Open</Badge>
                  ) : (
                    <span className="flex flex-wrap items-center gap-2">
                      <Badge variant="secondary">Done</Badge>
                      {t.decidedAt ? (
                        <time className="text-xs text-muted-foreground" dateTime={t.decidedAt.toISOString()}>
                          {t.decidedAt.toISOString().slice(0, 10)}
                        </time>
                      ) : null}
                    </span>
                  )}
                </TableCell>
                <TableCell className="text-right">
                  <Link
                    className="font-medium text-primary underline-offset-4 hover:underline"
                    href={`/adjudicator/tasks/${t.taskId}`}
                  >
                    {t.status === 'open' ? 'Adjudicate' : 'View'}
                    <span className="sr-only"> {t.caseLabel}</span>
                  </Link>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <EmptyState title="No adjudication tasks">
          Nothing is waiting for you. Disagreements routed to you appear here.
        </EmptyState>
      )}
    </>
  );
}
