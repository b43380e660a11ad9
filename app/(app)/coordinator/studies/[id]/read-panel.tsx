'use client';

import { TriangleAlert, X } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/app/_components/ui/button';
import {
  CELL_STATE_LABEL,
  cellRead,
  formatDuration,
  isoDate,
  readDueAt,
  type ProgressIndex,
  type ProgressRead,
} from '@/lib/study/progress';
import { cn } from '@/lib/ui/cn';
import { STATE_STYLE, type Cell } from './progress-cell';
import { ReassignForm, ReopenForm } from './read-actions';

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (ms: number | null) => (ms === null ? '—' : DATE_TIME.format(ms));

/** The details of one reader's read(s) of one case, with what the coordinator can do about them. */
export function ReadPanel({
  ix,
  cell,
  onClose,
  onDone,
}: {
  ix: ProgressIndex;
  cell: Cell;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const c = ix.data.cases[cell.caseIdx]!;
  const reader = ix.data.readers[cell.readerIdx]!;
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const sessions = Array.from({ length: ix.sessions }, (_, s) =>
    cellRead(ix, cell.caseIdx, cell.readerIdx, s + 1),
  );
  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="read-panel"
      className="fixed inset-y-0 right-0 z-50 w-full max-w-sm overflow-y-auto border-l bg-background p-5 shadow-xl"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="mb-4 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={titleId} ref={titleRef} tabIndex={-1} className="text-lg font-semibold outline-none">
            {c.label} · {reader.name}
          </h2>
          <p className="truncate text-xs text-muted-foreground">{reader.email}</p>
          <p className="text-xs text-muted-foreground">
            Key {c.caseKey}
            {c.subjectId ? ` · Subject ${c.subjectId}` : ''}
          </p>
        </div>
        <Button type="button" variant="ghost" size="sm" aria-label="Close" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </div>
      <div className="grid gap-4">
        {sessions.map((read, s) =>
          read ? (
            <ReadDetails key={s} ix={ix} read={read} onDone={onDone} />
          ) : (
            <section key={s} className="rounded-md border border-dashed p-3 text-sm text-muted-foreground">
              Session {s + 1}: not assigned
            </section>
          ),
        )}
      </div>
    </aside>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="text-right tabular-nums">{children}</dd>
    </>
  );
}

function ReadDetails({
  ix,
  read,
  onDone,
}: {
  ix: ProgressIndex;
  read: ProgressRead;
  onDone: (m: string) => void;
}) {
  const state = ix.state[read.index] ?? read.status;
  const overdue = ix.overdue[read.index];
  const due = readDueAt(read, ix.study);
  const style = STATE_STYLE[state];
  const Icon = style.icon;
  const [action, setAction] = useState<'reopen' | 'reassign' | null>(null);
  return (
    <section aria-label={`Session ${read.session}`} className="rounded-md border p-3">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Session {read.session}</h3>
        <span className="flex items-center gap-1.5">
          <span
            className={cn(
              'inline-flex items-center gap-1 rounded-md border px-2 py-0.5 text-xs font-medium',
              style.className,
            )}
          >
            <Icon className="size-3" aria-hidden />
            {CELL_STATE_LABEL[state]}
          </span>
          {overdue ? (
            <span className="inline-flex items-center gap-1 rounded-md bg-destructive px-2 py-0.5 text-xs font-medium text-destructive-foreground">
              <TriangleAlert className="size-3" aria-hidden />
              Overdue
            </span>
          ) : null}
        </span>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {read.availableAt !== null ? <Detail term="Opens">{when(read.availableAt)}</Detail> : null}
        <Detail term="Due">{due === null ? 'No due date' : isoDate(due)}</Detail>
        <Detail term="Started">{when(read.startedAt)}</Detail>
        <Detail term="Submitted">{when(read.submittedAt)}</Detail>
        {read.status !== 'not_started' ? <Detail term="Last saved">{when(read.updatedAt)}</Detail> : null}
        <Detail term="Reading time">{read.activeMs ? formatDuration(read.activeMs) : '—'}</Detail>
        <Detail term="Read">#{read.readId}</Detail>
      </dl>
      {read.status === 'submitted' || (read.status === 'not_started' && read.session === 1) ? (
        <div className="mt-3 border-t pt-3">
          {action === 'reopen' ? (
            <ReopenForm ix={ix} read={read} onCancel={() => setAction(null)} onDone={onDone} />
          ) : action === 'reassign' ? (
            <ReassignForm ix={ix} read={read} onCancel={() => setAction(null)} onDone={onDone} />
          ) : read.status === 'submitted' ? (
            <Button type="button" size="sm" variant="outline" onClick={() => setAction('reopen')}>
              Reopen…
            </Button>
          ) : (
            <Button type="button" size="sm" variant="outline" onClick={() => setAction('reassign')}>
              Reassign…
            </Button>
          )}
        </div>
      ) : null}
    </section>
  );
}
