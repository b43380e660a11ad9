import Link from 'next/link';
import { Badge } from './ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from './ui/table';
import type { StudySummary } from '@/db/queries/studies';

export function StudiesTable({
  studies,
  label,
  href,
}: {
  studies: StudySummary[];
  label: string;
  href?: (s: StudySummary) => string;
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
        </TableRow>
      </TableHeader>
      <TableBody>
        {studies.map((s) => (
          <TableRow key={s.id}>
            <TableCell className="font-medium">
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
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
