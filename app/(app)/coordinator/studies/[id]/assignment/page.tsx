import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { getDb } from '@/db/client';
import { assignmentState, planForState } from '@/db/queries/assignment';
import { designSummary } from '@/lib/study/design';
import { requireManagedStudy } from '../managed-study.server';
import { AssignmentDesigner } from './assignment-designer';
import { previewView } from './preview-view';

export const metadata: Metadata = { title: 'Study assignment' };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const linkClass = 'text-primary underline-offset-4 hover:underline';

/** Who reads which case: the study's design, a preview of what it would create, and the confirmation. */
export default async function StudyAssignmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, study } = await requireManagedStudy(id, '/assignment');
  const state = assignmentState(getDb(), actor, study.id);
  const base = `/coordinator/studies/${study.id}`;
  const readerIds = new Set(state.readers.map((r) => r.id));
  const assigned = state.existing.filter((a) => readerIds.has(a.readerId));
  const casesWithReads = new Set(assigned.map((a) => a.caseId));
  const readersWithReads = new Set(assigned.map((a) => a.readerId));
  const newCases = state.cases.filter((c) => !casesWithReads.has(c.id)).length;
  const newReaders = state.readers.filter((r) => !readersWithReads.has(r.id)).length;
  const pending = [
    newCases ? plural(newCases, 'new case') : null,
    newReaders ? plural(newReaders, 'new reader') : null,
  ].filter(Boolean);
  const stateLine =
    `${plural(state.cases.length, 'case')}, ${plural(state.readers.length, 'reader')}; ` +
    `${plural(assigned.length, 'read')} assigned` +
    (pending.length ? `; ${pending.join(' and ')} not yet assigned` : '');

  const header = (
    <PageHeader
      title="Assignment"
      description="Choose how cases are shared among readers, preview the reads it creates, then confirm. Confirming again later extends the assignment to new cases and readers; existing reads never move."
    />
  );
  if (state.cases.length === 0 || state.readers.length === 0)
    return (
      <>
        {header}
        <div className="flex flex-col gap-4">
          {state.cases.length === 0 ? (
            <EmptyState title="No cases yet">
              Add cases by importing images on the{' '}
              <Link className={linkClass} href={`${base}/images`}>
                Images
              </Link>{' '}
              tab or with a case mapping CSV on the{' '}
              <Link className={linkClass} href={`${base}/cases`}>
                Cases
              </Link>{' '}
              tab.
            </EmptyState>
          ) : null}
          {state.readers.length === 0 ? (
            <EmptyState title="No readers yet">
              Add readers to the study in{' '}
              <Link className={linkClass} href={`${base}/settings`}>
                Settings
              </Link>
              .
            </EmptyState>
          ) : null}
        </div>
      </>
    );

  const initial = previewView(planForState(state, state.study.design), {
    caseIds: state.cases.map((c) => c.id),
    readerIds: state.readers.map((r) => r.id),
    existing: state.existing,
    sessions: state.study.readSessions,
  });
  const disabled = state.readers.filter((r) => r.disabled);
  return (
    <>
      {header}
      <dl className="mb-6 grid gap-3 sm:grid-cols-2" aria-label="Assignment state">
        <div className="rounded-lg border p-3">
          <dt className="text-xs text-muted-foreground">Current design</dt>
          <dd className="font-medium" data-testid="current-design">
            {designSummary(state.study.design, state.study.readSessions)}
          </dd>
        </div>
        <div className="rounded-lg border p-3">
          <dt className="text-xs text-muted-foreground">State</dt>
          <dd className="font-medium" data-testid="assignment-state">
            {stateLine}
          </dd>
        </div>
      </dl>
      {disabled.length ? (
        <p className="mb-4 text-sm text-muted-foreground">
          {disabled.map((r) => r.name).join(', ')} {disabled.length === 1 ? 'has a' : 'have'} disabled{' '}
          {disabled.length === 1 ? 'account' : 'accounts'}: their reads wait until an administrator enables
          them again.
        </p>
      ) : null}
      <AssignmentDesigner
        studyId={study.id}
        storedDesign={state.study.design}
        locked={state.existing.length > 0}
        closed={state.study.status === 'closed'}
        cases={state.cases}
        readers={state.readers.map((r) => ({ id: r.id, name: r.name }))}
        initial={initial}
      />
    </>
  );
}
