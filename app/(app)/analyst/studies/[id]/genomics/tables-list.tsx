'use client';

import { Download, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { deleteGenomicTableAction } from './actions';
import { formatDateTime, SOURCE_LABELS } from './format';
import type { TableItem } from './genomics-types';
import { genomicsHref, tableCsvHref } from './links';

/** The study's genomic tables: choose one for the column types, download it, or delete it and its runs. */
export function TablesList({
  studyId,
  tables,
  selectedId,
  runId,
  runTableId,
}: {
  studyId: number;
  tables: TableItem[];
  selectedId: number | null;
  runId: number | null;
  runTableId: number | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const remove = (t: TableItem) => {
    if (!window.confirm(`Delete "${t.name}" and every association run made with it? This cannot be undone.`))
      return;
    startTransition(async () => {
      const result = await deleteGenomicTableAction({ studyId, tableId: t.id });
      if (!result.ok) return setMessage({ ok: false, text: result.message });
      setMessage({ ok: true, text: `Deleted ${t.name}.` });
      // Leave an address that names the deleted table or one of its runs.
      if (t.id === selectedId || t.id === runTableId) router.replace(genomicsHref(studyId, {}));
    });
  };

  return (
    <div className="flex flex-col gap-2">
      <Table
        aria-label="Genomic tables"
        scrollLabel="Genomic tables (scrolls sideways)"
        data-testid="genomic-tables"
      >
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Name</TableHead>
            <TableHead scope="col">Source</TableHead>
            <TableHead scope="col" className="text-right">
              Rows
            </TableHead>
            <TableHead scope="col" className="text-right">
              Columns
            </TableHead>
            <TableHead scope="col">Uploaded</TableHead>
            <TableHead scope="col">Actions</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {tables.map((t) => {
            const selected = t.id === selectedId;
            return (
              <TableRow
                key={t.id}
                data-testid="genomic-table-row"
                className={selected ? 'bg-primary/5' : undefined}
              >
                <TableCell className="font-medium">
                  <span id={`genomic-table-${t.id}-name`}>{t.name}</span>
                  {selected ? (
                    <span className="ml-2 text-xs text-muted-foreground">(shown below)</span>
                  ) : null}
                </TableCell>
                <TableCell className="text-xs">
                  {SOURCE_LABELS[t.source]}
                  <span className="block text-muted-foreground">
                    {t.idLevel} ids in {t.idColumn}
                  </span>
                </TableCell>
                <TableCell className="text-right tabular-nums">{t.rows}</TableCell>
                <TableCell className="text-right tabular-nums">{t.columns}</TableCell>
                <TableCell className="text-xs">
                  <time dateTime={t.createdAt}>{formatDateTime(t.createdAt)}</time>
                </TableCell>
                <TableCell>
                  <span className="flex flex-wrap items-center gap-3">
                    <Link
                      href={genomicsHref(studyId, { run: runId, table: t.id }, 'column-types')}
                      aria-current={selected ? 'true' : undefined}
                      aria-describedby={`genomic-table-${t.id}-name`}
                      className="text-primary underline underline-offset-4"
                      data-testid={`genomic-table-select-${t.id}`}
                    >
                      {selected ? 'Selected' : 'Select'}
                    </Link>
                    <a
                      href={tableCsvHref(studyId, t.id)}
                      className="inline-flex items-center gap-1 text-primary underline underline-offset-4"
                      aria-describedby={`genomic-table-${t.id}-name`}
                      data-testid={`genomic-table-download-${t.id}`}
                    >
                      <Download className="size-3.5" aria-hidden /> CSV
                    </a>
                    <Button
                      type="button"
                      size="sm"
                      variant="outline"
                      disabled={pending}
                      onClick={() => remove(t)}
                      aria-label={`Delete ${t.name}`}
                      data-testid={`genomic-table-delete-${t.id}`}
                    >
                      <Trash2 aria-hidden /> Delete
                    </Button>
                  </span>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {message ? <Alert variant={message.ok ? 'success' : 'destructive'}>{message.text}</Alert> : null}
    </div>
  );
}
