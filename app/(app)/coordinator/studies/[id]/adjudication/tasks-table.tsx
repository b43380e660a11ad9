'use client';

import { useState, useTransition } from 'react';
import { EmptyState } from '@/app/_components/empty-state';
import { Alert } from '@/app/_components/ui/alert';
import { Badge } from '@/app/_components/ui/badge';
import { Button } from '@/app/_components/ui/button';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import type { AdjudicationTaskRow } from '@/db/queries/adjudication-admin';
import { assignAdjudicatorAction, reevaluateAdjudicationAction } from './actions';

const STATUS = {
  open: { label: 'Open', variant: 'default' },
  done: { label: 'Done', variant: 'secondary' },
  withdrawn: { label: 'Withdrawn', variant: 'outline' },
} as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The study's adjudication tasks, with reassignment of open ones and a re-evaluation of every case. */
export function TasksPanel({
  studyId,
  tasks,
  adjudicators,
  featureLabels,
}: {
  studyId: number;
  tasks: AdjudicationTaskRow[];
  adjudicators: { id: string; name: string }[];
  featureLabels: Record<string, string>;
}) {
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const reevaluate = () =>
    startTransition(async () => {
      setStatus(null);
      const result = await reevaluateAdjudicationAction({ studyId });
      if (result.ok) {
        const { created, updated, withdrawn } = result.data;
        setStatus({
          ok: true,
          message: `Re-evaluated every case: ${plural(created, 'task')} created, ${updated} updated, ${withdrawn} withdrawn.`,
        });
      } else setStatus({ ok: false, message: result.message });
    });
  const counts = tasks.reduce((acc, t) => ({ ...acc, [t.status]: acc[t.status] + 1 }), {
    open: 0,
    done: 0,
    withdrawn: 0,
  });

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="outline" onClick={reevaluate} disabled={pending}>
          {pending ? 'Re-evaluating…' : 'Re-evaluate all cases'}
        </Button>
        {tasks.length ? (
          <span className="text-sm text-muted-foreground">
            {counts.open} open, {counts.done} done, {counts.withdrawn} withdrawn
          </span>
        ) : null}
      </div>
      {status ? <Alert variant={status.ok ? 'success' : 'destructive'}>{status.message}</Alert> : null}
      {tasks.length ? (
        <Table aria-label="Adjudication tasks">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Case</TableHead>
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col">Adjudicator</TableHead>
              <TableHead scope="col">Triggering features</TableHead>
              <TableHead scope="col" className="text-right">
                Consensus values set
              </TableHead>
              <TableHead scope="col">Decided</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tasks.map((t) => (
              <TableRow key={t.id}>
                <TableCell className="font-medium">{t.caseLabel}</TableCell>
                <TableCell>
                  <Badge variant={STATUS[t.status].variant}>{STATUS[t.status].label}</Badge>
                </TableCell>
                <TableCell>
                  {t.status === 'open' && adjudicators.length ? (
                    <AdjudicatorSelect
                      key={t.version}
                      studyId={studyId}
                      task={t}
                      adjudicators={adjudicators}
                    />
                  ) : (
                    (t.adjudicator ?? <span className="text-muted-foreground">Unassigned</span>)
                  )}
                </TableCell>
                <TableCell>
                  {t.featureIds.length ? (
                    <ul className="flex flex-col gap-0.5">
                      {t.featureIds.map((id) => (
                        <li key={id}>
                          {featureLabels[id] ?? id}{' '}
                          <span className="text-xs text-muted-foreground">{id}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-muted-foreground">None</span>
                  )}
                  {t.triggerCount > t.featureIds.length ? (
                    <span className="text-xs text-muted-foreground">
                      {plural(t.triggerCount, 'trigger')} across findings
                    </span>
                  ) : null}
                </TableCell>
                <TableCell className="text-right tabular-nums">{t.consensusCount}</TableCell>
                <TableCell className="tabular-nums">
                  {t.decidedAt ? new Date(t.decidedAt).toISOString().slice(0, 10) : '—'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <EmptyState title="No case needs adjudication yet">
          Tasks appear when all first-session reads of a case are submitted and the readers disagree on a
          chosen feature.
        </EmptyState>
      )}
    </div>
  );
}

function AdjudicatorSelect({
  studyId,
  task,
  adjudicators,
}: {
  studyId: number;
  task: AdjudicationTaskRow;
  adjudicators: { id: string; name: string }[];
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const id = `adjudicator-${task.id}`;
  const listed = adjudicators.some((a) => a.id === task.adjudicatorId);
  const [value, setValue] = useState(task.adjudicatorId ?? '');
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="sr-only">
        Adjudicator for {task.caseLabel}
      </label>
      <NativeSelect
        id={id}
        className="w-56"
        value={value}
        disabled={pending}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          const adjudicatorId = e.target.value;
          if (!adjudicatorId || adjudicatorId === task.adjudicatorId) return;
          setValue(adjudicatorId);
          startTransition(async () => {
            setError(null);
            const result = await assignAdjudicatorAction({
              studyId,
              taskId: task.id,
              adjudicatorId,
              version: task.version,
            });
            if (!result.ok) {
              setError(result.message);
              setValue(task.adjudicatorId ?? '');
            }
          });
        }}
      >
        {task.adjudicatorId === null ? (
          <option value="" disabled>
            Unassigned
          </option>
        ) : null}
        {task.adjudicatorId !== null && !listed ? (
          <option value={task.adjudicatorId} disabled>
            {task.adjudicator ?? 'Former adjudicator'} (no longer an adjudicator here)
          </option>
        ) : null}
        {adjudicators.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </NativeSelect>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
