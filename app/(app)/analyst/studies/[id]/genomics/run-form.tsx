'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Help } from '@/app/_components/ui/field-text';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import {
  AGGREGATE_LABELS,
  ASSOCIATION_AGGREGATES,
  type AssociationAggregate,
  type AssociationParams,
} from '@/lib/genomics/params';
import { runAssociationAction } from './actions';
import { KEY_LABELS } from './format';
import type { TableItem } from './genomics-types';
import { genomicsHref } from './links';

const KEYS: AssociationParams['key'][] = ['subject_id', 'case_key'];

function Radio({
  name,
  value,
  checked,
  onChange,
  children,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  children: ReactNode;
}) {
  const id = `${name}-${value}`;
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={onChange}
        className="mt-0.5"
      />
      <label htmlFor={id} className="text-sm">
        {children}
      </label>
    </div>
  );
}

/**
 * Runs the association grid: every imaging feature against every column of one genomic table,
 * with the imaging values aggregated per case as chosen. Opens the new run when done.
 */
export function RunForm({
  studyId,
  tables,
  defaultTableId,
  readSessions,
  lastParams,
}: {
  studyId: number;
  tables: TableItem[];
  defaultTableId: number | null;
  readSessions: number;
  /** The shown run's parameters, as the starting point. */
  lastParams: AssociationParams | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [tableId, setTableId] = useState<number | null>(defaultTableId ?? tables[0]?.id ?? null);
  const [aggregate, setAggregate] = useState<AssociationAggregate>(lastParams?.aggregate ?? 'central');
  const [session, setSession] = useState<number>(
    Math.min(lastParams?.session ?? 1, Math.max(1, readSessions)),
  );
  const [key, setKey] = useState<AssociationParams['key']>(lastParams?.key ?? 'subject_id');
  const [bonferroni, setBonferroni] = useState(lastParams?.bonferroni ?? false);
  const [error, setError] = useState<{ message: string; problems: string[] } | null>(null);

  const submit = () => {
    if (tableId === null) return;
    setError(null);
    startTransition(async () => {
      const result = await runAssociationAction({
        studyId,
        tableId,
        params: { aggregate, session, key, bonferroni, features: [], columns: [] },
      });
      if (!result.ok) {
        setError({ message: result.message, problems: Object.values(result.fieldErrors ?? {}).flat() });
        return;
      }
      router.push(genomicsHref(studyId, { run: result.data.runId, table: tableId }, 'results'));
    });
  };

  return (
    <form
      className="flex max-w-3xl flex-col gap-4 rounded-lg border p-4"
      aria-label="Run association tests"
      aria-busy={pending}
      data-testid="association-run-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="run-table">Genomic table</Label>
        <NativeSelect
          id="run-table"
          className="max-w-md"
          value={tableId ?? ''}
          onChange={(e) => setTableId(Number(e.target.value))}
        >
          {tables.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.rows} rows, {t.columns} columns)
            </option>
          ))}
        </NativeSelect>
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Imaging value per case</legend>
        {ASSOCIATION_AGGREGATES.map((a) => (
          <Radio
            key={a}
            name="run-aggregate"
            value={a}
            checked={aggregate === a}
            onChange={() => setAggregate(a)}
          >
            {AGGREGATE_LABELS[a]}
          </Radio>
        ))}
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Reading session</legend>
        {readSessions >= 2 ? (
          <>
            <Radio name="run-session" value="1" checked={session === 1} onChange={() => setSession(1)}>
              Session 1 (first reads)
            </Radio>
            <Radio name="run-session" value="2" checked={session === 2} onChange={() => setSession(2)}>
              Session 2 (re-reads after the wash-out)
            </Radio>
          </>
        ) : (
          <p className="text-sm text-muted-foreground">Session 1 (the study has one reading session).</p>
        )}
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Match genomic ids with</legend>
        {KEYS.map((k) => (
          <Radio key={k} name="run-key" value={k} checked={key === k} onChange={() => setKey(k)}>
            {KEY_LABELS[k]}
            {k === 'subject_id' ? ' (the patient id each case carries)' : ' (the id of each imaging case)'}
          </Radio>
        ))}
      </fieldset>
      <div className="flex flex-col gap-1">
        <div className="flex items-center gap-2">
          <input
            id="run-bonferroni"
            type="checkbox"
            checked={bonferroni}
            onChange={(e) => setBonferroni(e.target.checked)}
            aria-describedby="run-bonferroni-help"
          />
          <label htmlFor="run-bonferroni" className="text-sm">
            Also report Bonferroni-adjusted p-values
          </label>
        </div>
        <Help id="run-bonferroni-help">
          Benjamini–Hochberg q-values over the whole grid are always reported.
        </Help>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending || tableId === null} data-testid="association-run-submit">
          {pending ? 'Running tests…' : 'Run tests'}
        </Button>
        {pending ? (
          <span className="text-sm text-muted-foreground" role="status">
            Testing every feature against every column; this can take a few seconds.
          </span>
        ) : null}
      </div>
      {error ? (
        <Alert variant="destructive" data-testid="association-run-error">
          <p>{error.message}</p>
          {error.problems.length ? (
            <ul className="mt-1 list-disc pl-5">
              {error.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
    </form>
  );
}
