import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge } from './ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from './ui/table';
import type { StudySummary } from '@/db/queries/studies';

export function StudiesTable({
  studies,
  label,
  href,
  actions,
}: {
  studies: StudySummary[];
  label: string;
  href?: (s: StudySummary) => string;
  /** An extra last column of links per study; each may point to the name cell (`study-{id}-name`). */
  actions?: { header: string; cell: (s: StudySummary) => ReactNode };
}) {
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Study</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col" className="text-right">
            Cases
          </TableHead>
          <TableHead scope="col" className="text-right">
            Readers
          </TableHead>
          {actions ? <TableHead scope="col">{actions.header}</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {studies.map((s) => (
          <TableRow key={s.id}>
            <TableCell className="font-medium" id={`study-${s.id}-name`}>
              {href ? (
                <Link href={href(s)} className="text-primary hover:underline">
                  {s.name}
                </Link>
              ) : (
                s.name
              )}
            </TableCell>
            <TableCell>
              <Badge variant="secondary">{s.status}</Badge>
            </TableCell>
            <TableCell className="text-right tabular-nums">{s.cases}</TableCell>
            <TableCell className="text-right tabular-nums">{s.readers}</TableCell>
            {actions ? <TableCell>{actions.cell(s)}</TableCell> : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
