'use client';

import { TriangleAlert } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import type { GenomicType } from '@/lib/genomics/types';
import { setColumnTypesAction } from './actions';
import { formatNumber, TYPE_LABELS } from './format';
import type { ColumnPreview, SelectedTable } from './genomics-types';

const TYPES: GenomicType[] = ['categorical', 'binary', 'continuous'];

/** What a column holds when read as the chosen type. */
function Summary({ column, type }: { column: ColumnPreview; type: GenomicType }) {
  if (type === 'continuous') {
    const s = column.asNumbers;
    return (
      <div className="flex flex-col gap-0.5 text-xs">
        <span>
          {s.present} present, {s.missing} missing
        </span>
        {s.present ? (
          <span className="tabular-nums">
            min {formatNumber(s.min, 2)} · median {formatNumber(s.median, 2)} · max {formatNumber(s.max, 2)}
          </span>
        ) : null}
        {s.unparseable ? (
          <span className="inline-flex items-start gap-1 text-destructive">
            <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            <span>
              {s.unparseable.count} value{s.unparseable.count === 1 ? ' is' : 's are'} not a number and count
              as missing (e.g. {s.unparseable.examples.map((e) => `“${e}”`).join(', ')})
            </span>
          </span>
        ) : null}
      </div>
    );
  }
  const s = column.asLevels;
  return (
    <div className="flex flex-col gap-0.5 text-xs">
      <span>
        {s.present} present, {s.missing} missing, {s.distinct} level{s.distinct === 1 ? '' : 's'}
      </span>
      <span className="text-muted-foreground">
        {s.levels.map((l) => `${l.level} (${l.n})`).join(', ')}
        {s.otherLevels ? `, and ${s.otherLevels} more` : ''}
      </span>
      {type === 'binary' && s.distinct !== 2 ? (
        <span className="inline-flex items-start gap-1 text-destructive">
          <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <span>Binary needs exactly two levels; this column has {s.distinct}.</span>
        </span>
      ) : null}
    </div>
  );
}

/**
 * The selected table's columns with their inferred types and summaries; the analyst can change
 * a column's type (previewed at once) and save. A save is refused when the table changed since
 * the page was loaded.
 */
export function ColumnTypes({ studyId, table }: { studyId: number; table: SelectedTable }) {
  const router = useRouter();
  const [types, setTypes] = useState<Record<string, GenomicType>>(() =>
    Object.fromEntries(table.columns.map((c) => [c.id, c.type])),
  );
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<
    { ok: true } | { ok: false; message: string; stale: boolean } | null
  >(null);
  const changed = table.columns.filter((c) => types[c.id] !== c.type);

  const save = () =>
    startTransition(async () => {
      const result = await setColumnTypesAction({
        studyId,
        tableId: table.id,
        version: table.version,
        types: Object.fromEntries(changed.map((c) => [c.id, types[c.id]!])),
      });
      setOutcome(
        result.ok ? { ok: true } : { ok: false, message: result.message, stale: result.code === 'conflict' },
      );
    });

  return (
    <form
      className="flex flex-col gap-3"
      aria-label={`Column types of ${table.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {table.notes.length ? (
        <div className="rounded-md border bg-muted/30 p-3 text-sm">
          <h3 className="font-medium">Notes from reading the file</h3>
          <ul className="mt-1 list-disc pl-5 text-muted-foreground">
            {table.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Table
        aria-label={`Columns of ${table.name}`}
        scrollLabel={`Columns of ${table.name} (scrolls sideways)`}
        data-testid="genomic-columns"
      >
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Column</TableHead>
            <TableHead scope="col">Inferred</TableHead>
            <TableHead scope="col">Analysed as</TableHead>
            <TableHead scope="col">Summary</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {table.columns.map((c, i) => {
            const type = types[c.id] ?? c.type;
            const selectId = `column-type-${i}`;
            return (
              <TableRow key={c.id} data-testid="genomic-column-row">
                <TableCell className="max-w-xs align-top">
                  <span className="font-medium">{c.label}</span>
                  {c.label !== c.id ? (
                    <code className="block text-xs text-muted-foreground">{c.id}</code>
                  ) : null}
                  {c.description ? (
                    <span className="block text-xs text-muted-foreground">{c.description}</span>
                  ) : null}
                </TableCell>
                <TableCell className="align-top text-xs">{TYPE_LABELS[c.inferred]}</TableCell>
                <TableCell className="align-top">
                  <label htmlFor={selectId} className="sr-only">
                    Type of {c.label}
                  </label>
                  <NativeSelect
                    id={selectId}
                    className="w-36"
                    value={type}
                    onChange={(e) => setTypes((t) => ({ ...t, [c.id]: e.target.value as GenomicType }))}
                    data-testid={`column-type-select-${c.id}`}
                  >
                    {TYPES.map((t) => (
                      <option key={t} value={t}>
                        {TYPE_LABELS[t]}
                      </option>
                    ))}
                  </NativeSelect>
                  {type !== c.type ? (
                    <span className="mt-1 block text-xs">
                      Unsaved (was {TYPE_LABELS[c.type].toLowerCase()})
                    </span>
                  ) : type !== c.inferred ? (
                    <span className="mt-1 block text-xs text-muted-foreground">Set by an analyst</span>
                  ) : null}
                </TableCell>
                <TableCell className="align-top">
                  <Summary column={c} type={type} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || changed.length === 0} data-testid="column-types-save">
          {pending ? 'Saving…' : 'Save column types'}
        </Button>
        <span className="text-sm text-muted-foreground" aria-live="polite">
          {changed.length
            ? `${changed.length} unsaved change${changed.length === 1 ? '' : 's'}`
            : 'No unsaved changes'}
        </span>
      </div>
      {outcome?.ok ? (
        <Alert variant="success">Saved. Run the tests again for results with the new types.</Alert>
      ) : null}
      {outcome && !outcome.ok ? (
        <Alert variant="destructive" data-testid="column-types-error">
          <p>{outcome.message}</p>
          {outcome.stale ? (
            <Button
              type="button"
              size="sm"
              variant="outline"
              className="mt-2"
              onClick={() => {
                setOutcome(null);
                router.refresh();
              }}
            >
              Reload the current types
            </Button>
          ) : null}
        </Alert>
      ) : null}
    </form>
  );
}
