'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ReadStatusBadge } from '@/app/_components/read-status-badge';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import type { StudyReadRow } from '@/db/queries/study-reads';

const minutes = (ms: number) => (ms ? `${Math.round(ms / 60_000)} min` : '—');

export function ReadsTable({ rows }: { rows: StudyReadRow[] }) {
  return (
    <Table aria-label="Reads of this study">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Case</TableHead>
          <TableHead scope="col">Reader</TableHead>
          <TableHead scope="col">Session</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col" className="text-right">
            Reading time
          </TableHead>
          <TableHead scope="col">Action</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.readId}>
            <TableCell className="font-medium">{r.caseLabel}</TableCell>
            <TableCell>{r.reader}</TableCell>
            <TableCell>{r.session}</TableCell>
            <TableCell>
              <ReadStatusBadge status={r.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{minutes(r.activeMs)}</TableCell>
            <TableCell>{r.status === 'submitted' ? <Reopen row={r} /> : null}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Reopen with a reason: the reason is required and goes to the audit. */
function Reopen({ row }: { row: StudyReadRow }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <Button type="button" size="sm" variant="outline" onClick={() => setOpen(true)}>
        Reopen…
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      aria-label={`Reopen ${row.caseLabel} for ${row.reader}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await fetch(`/api/v1/reads/${row.readId}/reopen`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ reason }),
        });
        if (res.ok) {
          setOpen(false);
          router.refresh();
        } else {
          const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
          setError(body?.error?.message ?? `Reopening failed (${res.status})`);
        }
      }}
    >
      <label className="sr-only" htmlFor={`reason-${row.readId}`}>
        Reason
      </label>
      <Input
        id={`reason-${row.readId}`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Reason (required)"
        className="h-8 w-56"
        required
        aria-invalid={error ? true : undefined}
      />
      <Button type="submit" size="sm">
        Reopen
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      {error ? (
        <p role="alert" className="w-full text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}
