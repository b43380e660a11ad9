import Link from 'next/link';
import { ReadStatusBadge } from '@/app/_components/read-status-badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { isAvailable, type WorklistRow } from '@/db/queries/worklist';

export function WorklistTable({ rows, now }: { rows: WorklistRow[]; now: Date }) {
  return (
    <Table aria-label="Your assigned reads">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Study</TableHead>
          <TableHead scope="col">Case</TableHead>
          <TableHead scope="col">Session</TableHead>
          <TableHead scope="col">Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.readId}>
            <TableCell>{r.studyName}</TableCell>
            <TableCell className="font-medium">
              {isAvailable(r, now) ? (
                <Link className="underline-offset-4 hover:underline" href={`/reader/reads/${r.readId}`}>
                  {r.caseLabel}
                </Link>
              ) : (
                <span>
                  {r.caseLabel}{' '}
                  <span className="text-xs font-normal text-muted-foreground">
                    (after the wash-out, from {r.availableAt!.toISOString().slice(0, 10)})
                  </span>
                </span>
              )}
            </TableCell>
            <TableCell>{r.session === 1 ? 'Read 1' : `Read ${r.session} (re-read)`}</TableCell>
            <TableCell>
              <ReadStatusBadge status={r.status} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
