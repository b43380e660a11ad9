import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { Badge } from '@/app/_components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/app/_components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { getDb } from '@/db/client';
import { progressStudy, studyProgress } from '@/db/queries/progress';
import type { StudyDetail } from '@/db/queries/study-detail';
import {
  formatAgo,
  formatDuration,
  indexProgress,
  isoDate,
  isoTime,
  progressTotals,
  readerLines,
  type ProgressTotals,
  type ReaderLine,
} from '@/lib/study/progress';
import { cn } from '@/lib/ui/cn';
import { requireManagedStudy } from './managed-study.server';
import { ProgressMatrix } from './progress-matrix';

export const metadata: Metadata = { title: 'Study progress' };

/** The study's reads as of this request, with the clock they are judged against. */
function loadProgress(study: StudyDetail) {
  return { data: studyProgress(getDb(), study.id), settings: progressStudy(study), now: Date.now() };
}

/** The coordinator's view of a study's progress: totals, each reader's pace, and the reader × case matrix. */
export default async function StudyProgressPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { study } = await requireManagedStudy(id);
  const { data, settings, now } = loadProgress(study);
  const ix = indexProgress(data, settings, now);
  const totals = progressTotals(ix);
  const base = `/coordinator/studies/${study.id}`;

  const header = (
    <PageHeader
      title="Progress"
      description="Who has read what, what is late and what is left. Open a cell of the matrix to reopen or reassign a read."
    />
  );
  if (!data.cases.length)
    return (
      <>
        {header}
        <EmptyState title="No cases yet">
          Import cases on the{' '}
          <Link
            className="font-medium text-primary underline-offset-4 hover:underline"
            href={`${base}/cases`}
          >
            Cases tab
          </Link>
          , then assign them to readers.
        </EmptyState>
      </>
    );
  if (!data.readers.length)
    return (
      <>
        {header}
        <EmptyState title="No readers yet">
          Add readers to the study on the{' '}
          <Link
            className="font-medium text-primary underline-offset-4 hover:underline"
            href={`${base}/settings`}
          >
            Settings tab
          </Link>
          , then assign them cases.
        </EmptyState>
      </>
    );
  if (!totals.reads)
    return (
      <>
        {header}
        <EmptyState title="No reads yet">
          Assign cases on the{' '}
          <Link
            className="font-medium text-primary underline-offset-4 hover:underline"
            href={`${base}/assignment`}
          >
            Assignment tab
          </Link>
          .
        </EmptyState>
      </>
    );

  return (
    <>
      {header}
      <Unassigned totals={totals} href={`${base}/assignment`} />
      <Summary totals={totals} dueAt={settings.dueAt} />
      <ReadersCard lines={readerLines(ix)} now={now} />
      <ProgressMatrix
        data={data}
        study={{ id: study.id, ...settings }}
        now={now}
        csvHref={`/api/v1/studies/${study.id}/progress`}
      />
    </>
  );
}

/** Cases or readers added since the assignment was confirmed: they wait for the design to extend to them. */
function Unassigned({ totals, href }: { totals: ProgressTotals; href: string }) {
  const cases = totals.cases - totals.casesWithReads;
  const readers = totals.readersWithoutReads;
  if (!cases && !readers) return null;
  const parts = [
    cases ? `${cases} case${cases === 1 ? '' : 's'}` : null,
    readers ? `${readers} reader${readers === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  return (
    <p
      role="note"
      data-testid="unassigned-notice"
      className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      {parts.join(' and ')} {cases + readers === 1 ? 'has' : 'have'} no reads yet. Extend the design to them
      on the{' '}
      <Link className="font-medium underline underline-offset-4" href={href}>
        Assignment tab
      </Link>
      ; existing reads stay as they are.
    </p>
  );
}

function percent(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 100) : 0;
}

function Summary({ totals, dueAt }: { totals: ProgressTotals; dueAt: number | null }) {
  const pct = percent(totals.submitted, totals.reads);
  return (
    <section aria-label="Summary" className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Card className="sm:col-span-2">
        <CardHeader className="pb-3">
          <CardDescription>Reads submitted</CardDescription>
          <CardTitle className="text-3xl tabular-nums" data-testid="reads-submitted">
            {totals.submitted}
            <span className="text-lg font-normal text-muted-foreground"> / {totals.reads}</span>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <div
            role="progressbar"
            aria-label="Reads submitted"
            aria-valuemin={0}
            aria-valuemax={totals.reads}
            aria-valuenow={totals.submitted}
            aria-valuetext={`${totals.submitted} of ${totals.reads} reads submitted (${pct}%)`}
            className="h-2 w-full overflow-hidden rounded-full bg-muted"
          >
            <div className="h-full rounded-full bg-success transition-all" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-2 text-xs text-muted-foreground">
            {pct}% · {totals.drafts} in progress · {totals.notStarted} not started
            {totals.waiting ? ` · ${totals.waiting} waiting for wash-out` : ''}
          </p>
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="pb-3">
          <CardDescription>Cases complete</CardDescription>
          <CardTitle className="text-3xl tabular-nums" data-testid="cases-complete">
            {totals.casesComplete}
            <span className="text-lg font-normal text-muted-foreground"> / {totals.cases}</span>
          </CardTitle>
        </CardHeader>
        <CardContent className="text-xs text-muted-foreground">
          Every read of the case submitted
          {totals.casesWithReads < totals.cases
            ? ` · ${totals.cases - totals.casesWithReads} not assigned yet`
            : ''}
        </CardContent>
      </Card>
      <Card className={cn(totals.overdue > 0 && 'border-destructive/50 bg-destructive/5')}>
        <CardHeader className="pb-3">
          <CardDescription>Overdue reads</CardDescription>
          <CardTitle
            className={cn('text-3xl tabular-nums', totals.overdue > 0 && 'text-destructive')}
            data-testid="reads-overdue"
          >
            {totals.overdue}
          </CardTitle>
        </CardHeader>
        <CardContent className="text-xs text-muted-foreground">
          {dueAt ? `Session 1 due ${isoDate(dueAt)}` : 'No due date set'}
        </CardContent>
      </Card>
    </section>
  );
}

function ReadersCard({ lines, now }: { lines: ReaderLine[]; now: number }) {
  return (
    <Card className="mb-6">
      <CardHeader className="pb-2">
        <CardTitle className="text-base">Readers</CardTitle>
        <CardDescription>Each reader’s reads, pace and last activity.</CardDescription>
      </CardHeader>
      <CardContent>
        <Table aria-label="Readers' progress">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Reader</TableHead>
              <TableHead scope="col" className="text-right">
                Submitted
              </TableHead>
              <TableHead scope="col" className="text-right">
                Drafts
              </TableHead>
              <TableHead scope="col" className="text-right">
                Not started
              </TableHead>
              <TableHead scope="col" className="text-right">
                Median reading time
              </TableHead>
              <TableHead scope="col">Last activity</TableHead>
              <TableHead scope="col" className="text-right">
                Overdue
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {lines.map((r) => (
              <TableRow key={r.id} data-reader-id={r.id} className={cn(r.overdue > 0 && 'bg-destructive/5')}>
                <TableCell>
                  <div className="font-medium">
                    {r.name}
                    {!r.member ? (
                      <Badge variant="outline" className="ml-2 font-normal">
                        former reader
                      </Badge>
                    ) : null}
                    {r.disabled ? (
                      <Badge variant="outline" className="ml-2 font-normal">
                        disabled
                      </Badge>
                    ) : null}
                  </div>
                  <div className="text-xs text-muted-foreground">{r.email}</div>
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  <span className="font-medium">{r.submitted}</span>
                  <span className="text-muted-foreground"> / {r.assigned}</span>
                  <div className="ml-auto mt-1 h-1 w-20 overflow-hidden rounded-full bg-muted" aria-hidden>
                    <div
                      className="h-full bg-success"
                      style={{ width: `${percent(r.submitted, r.assigned)}%` }}
                    />
                  </div>
                </TableCell>
                <TableCell className="text-right tabular-nums">{r.drafts}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {r.notStarted}
                  {r.waiting ? (
                    <div className="text-xs text-muted-foreground">+{r.waiting} after wash-out</div>
                  ) : null}
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatDuration(r.medianMs)}</TableCell>
                <TableCell className="whitespace-nowrap">
                  {r.lastActivity === null ? (
                    <span className="text-muted-foreground">No activity</span>
                  ) : (
                    <time dateTime={isoTime(r.lastActivity)} title={isoTime(r.lastActivity)}>
                      {formatAgo(r.lastActivity, now)}
                    </time>
                  )}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {r.overdue > 0 ? (
                    <Badge variant="destructive">{r.overdue} overdue</Badge>
                  ) : (
                    <span className="text-muted-foreground">0</span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
